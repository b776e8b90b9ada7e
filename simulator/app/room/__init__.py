"""The training room: the settings page's link to the centre and the proctor console."""
