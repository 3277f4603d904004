/** The one page of the console: no inline script or style (the CSP forbids both). */
export function indexHtml(base: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald console</title>
<link rel="stylesheet" href="${base}/uplot.css">
<link rel="stylesheet" href="${base}/app.css">
<script defer src="${base}/app.js"></script>
</head>
<body>
<div id="app"><noscript>The Herald console needs JavaScript.</noscript></div>
</body>
</html>
`;
}
