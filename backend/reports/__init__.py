"""Report output that people take away: .xlsx workbooks and SVG charts."""
