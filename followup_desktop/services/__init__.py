"""Use cases shared by window, tray and command line; Qt-free, they take the AppContext."""
