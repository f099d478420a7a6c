"""The machine and the project folder: what makes a folder this project, faults of the machine
(a full disk, a read-only folder) in one line, and Ctrl+C or SIGTERM handled cleanly."""
