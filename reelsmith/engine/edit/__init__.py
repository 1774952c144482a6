"""The editor: the editable draft, its operations, the planners (offline and Claude), one turn."""
