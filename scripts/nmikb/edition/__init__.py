"""What each language edition of the site is, whatever it shows: its folder, its words
(labels.yaml, share.yaml), its typography, how it writes dates and sizes, and the public address
the site is published at. The pages and the exports both build on it; it knows nothing of them."""
