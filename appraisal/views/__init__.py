"""Views, one module per topic: pages, the baseline grid, the workbook round trip, editing forms, history."""
