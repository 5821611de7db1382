"""The package version, at the ground floor so the CLI and the web app can name it without
importing the public API module above them."""

__version__ = "0.1.0"
