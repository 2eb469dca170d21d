"""The size/start-up baseline: the smallest PySide6 window, bundled by ``hello.spec``.

``--quit-after-paint`` exits once the window has painted (for start-up timing).
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel


class Label(QLabel):
    def paintEvent(self, event):  # noqa: N802 (Qt name)
        super().paintEvent(event)
        if "--quit-after-paint" in sys.argv:
            QTimer.singleShot(0, QApplication.quit)


app = QApplication(sys.argv[:1])
label = Label("Hello, world")
label.resize(320, 120)
label.show()
sys.exit(app.exec())
