// lib/report — what notebooks call to show and export results.
//   showTable(rows, {name})   HTML table in the notebook, out/tables/<name>.csv and .md
//   await showPlot(fig, {name})  Plotly figure → out/plots/<name>.html (offline) and .png, PNG inline
//   showMarkdown(text)        Markdown in the notebook, plain text elsewhere
//   runMode()                 "small" | "full" from $NANOZH_MODE
export { showTable, relativeOut } from "./table";
export type { TableOptions, TablePaths } from "./table";
export { toCsv, toMarkdown, toHtml, toText, formatNumber } from "./tableFormat";
export type { Row, Column, ColumnSpec } from "./tableFormat";
export { showPlot, plotHtml, CJK_FONT_FAMILY } from "./plot";
export type { PlotFigure, PlotOptions, PlotPaths } from "./plot";
export { findChrome } from "./chrome";
export { inNotebook, showMarkdown, showHtml, showPng } from "./notebook";
export { runMode, byMode } from "./mode";
export type { RunMode } from "./mode";
