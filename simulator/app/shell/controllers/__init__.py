"""The app controller (start-up, banners, navigation, keys) and settings."""
