"""The cabinet report (issue 6): the report members decide on, with the figures the dashboard shows.

- defaults.py: the text sections generated from the figures (pure: plain values in, Markdown out).
- wording.py: the sentences that say what a figure is (how savings are shared, the optimism bias, the ranges the
  sensitivity tests, the prices and year of an NPV), written from the values (pure), for the text and the tables.
- text.py: Markdown to sanitised HTML, and the limits of a section.
- tables.py: Appendix A and the scope tables, from the figures (pure).
- selectors.py: the report's settings and data, gathered once (the dashboard's own selectors and calculations),
  and its PDFs; only scenarios shown to members, exactly those ticked compared.
- services.py: saving the report's settings and sections (versioned, audited), and the PDFs' lifecycle.
- render.py: the report's HTML (the browser preview) and the PDF WeasyPrint makes of the same HTML.
- tasks.py: the background task that makes the PDF.
- forms.py, views.py, urls.py: the pages.
"""
