"""The reviewers' kit: what a change does to the knowledge base in words (`nmi-kb diff`), problems
as GitHub annotations, source links kept alive (`nmi-kb check-links`) and dated releases of the
data (`nmi-kb release`)."""
