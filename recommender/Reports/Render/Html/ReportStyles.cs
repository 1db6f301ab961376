namespace KernelTruth.Reports.Render.Html;

/// <summary>The report's only stylesheet, inlined: system fonts, no web fonts or images, print rules.</summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { --save: #2e7d32; --cost: #c62828; --now: #c62828; --rec: #2e7d32; --box: #5c8fd6; --ink: #1f2933; --muted: #616e7c; }
        body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 24px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
        .meta { color: var(--muted); margin: 0 0 16px; }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; }
        .card { border: 1px solid #d9e2ec; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
        .card .v { font-size: 20px; font-weight: 600; } .card .k { color: var(--muted); font-size: 12px; }
        .neg { color: var(--cost); } .pos { color: var(--save); }
        table { border-collapse: collapse; font-size: 12px; }
        th, td { border-bottom: 1px solid #e4e7eb; padding: 3px 6px; text-align: right; vertical-align: middle; white-space: nowrap; }
        th { background: #f5f7fa; position: sticky; top: 0; } td.t, th.t { text-align: left; white-space: normal; }
        .flag { display: inline-block; border-radius: 3px; padding: 0 4px; margin: 1px; font-size: 11px; background: #fde8e8; color: #8a1c1c; }
        .flag.costs-more { background: #fff4e5; color: #8a4b00; } .flag.low-confidence { background: #eef2f7; color: #3e4c59; }
        .legend span { margin-right: 14px; } .legend i { display: inline-block; width: 12px; height: 3px; vertical-align: middle; margin-right: 4px; }
        svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
        .axis, .zero { stroke: #9aa5b1; stroke-width: 1; } .whisker { stroke: #7b8794; stroke-width: 1.5; }
        .box { fill: var(--box); opacity: .75; } .p99 { stroke: var(--box); stroke-width: 2; } .usage { fill: #1f2933; }
        .limit-now { stroke: var(--now); stroke-width: 2; stroke-dasharray: 3 2; } .limit-rec { stroke: var(--rec); stroke-width: 2; }
        .bar-save { fill: var(--save); } .bar-cost { fill: var(--cost); } .bar-before { fill: #e57373; } .bar-after { fill: #66bb6a; }
        .slo { stroke: #8a4b00; stroke-dasharray: 4 3; } .nodata { fill: var(--muted); }
        details { font-size: 11px; color: var(--muted); } summary { cursor: pointer; }
        @media print {
          body { margin: 0; font-size: 10px; } th { position: static; } table { font-size: 9px; width: 100%; }
          section, tr, svg { break-inside: avoid; page-break-inside: avoid; } details { display: none; }
          .card { border-color: #999; } @page { size: A4 landscape; margin: 10mm; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;
}
