/**
 * The deck as spreadsheet-friendly CSV files (RFC 4180), one file per table, with a header row naming
 * the documented columns. Import is all or nothing and reports every bad field by file, line and
 * column; export is canonical, so import followed by export gives back the same text.
 */
package io.tollgrid.rating.csv;
