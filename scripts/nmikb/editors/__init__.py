"""What editors run beside the build: a skeleton record in its own file (`make new-event`), and
the JSON Schema their editors complete fields from, generated from the models (`make schema`)."""
