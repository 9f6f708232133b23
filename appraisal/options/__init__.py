"""The options appraisal (issue 17): an appraisal's short list of delivery options, with business as usual always on
it, the criteria they are scored on, their scores and risk registers. Writes in services.py, reads in
selectors.py; the figures in appraisal/calculations/options.py."""
