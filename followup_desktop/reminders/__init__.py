"""The Qt side of time: timer arming, wake detection, notifiers, the tray, one instance."""
