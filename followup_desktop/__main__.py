import sys

from followup_desktop.app import main

sys.exit(main())
