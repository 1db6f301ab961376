namespace KernelTruth.NodeSensor.Tests.Prometheus;

public sealed class PrometheusTextParserTests
{
    private const string ValidHistogram = """
        # HELP kg_wait_seconds Run-queue wait.
        # TYPE kg_wait_seconds histogram
        kg_wait_seconds_bucket{pod="web-1",le="0.001"} 12
        kg_wait_seconds_bucket{pod="web-1",le="0.01"} 40
        kg_wait_seconds_bucket{pod="web-1",le="+Inf"} 42
        kg_wait_seconds_sum{pod="web-1"} 0.0123
        kg_wait_seconds_count{pod="web-1"} 42

        """;

    // Each entry breaks exactly one rule; the comment key says which.
    public static TheoryData<string, string> BadInputs() => new()
    {
        { "missing TYPE", "x 1\n" },
        { "HELP but no TYPE", "# HELP x help\nx 1\n" },
        { "duplicate TYPE", "# TYPE x gauge\n# TYPE x gauge\nx 1\n" },
        { "duplicate HELP", "# HELP x a\n# HELP x b\n# TYPE x gauge\nx 1\n" },
        { "TYPE after samples", "# TYPE x histogram\nx_bucket{le=\"+Inf\"} 1\n# TYPE x histogram\nx_sum 1\nx_count 1\n" },
        { "HELP after samples", "# TYPE x gauge\nx 1\n# HELP x late\n" },
        { "non-contiguous family", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n" },
        { "bad metric name in TYPE", "# TYPE 1x gauge\n1x 1\n" },
        { "bad character in sample name", "# TYPE x gauge\nx-y 1\n" },
        { "label name starts with digit", "# TYPE x gauge\nx{1a=\"b\"} 1\n" },
        { "reserved label name", "# TYPE x gauge\nx{__a=\"b\"} 1\n" },
        { "dash in label name", "# TYPE x gauge\nx{a-b=\"c\"} 1\n" },
        { "unescaped quote", "# TYPE x gauge\nx{a=\"b\"c\"} 1\n" },
        { "unterminated label value", "# TYPE x gauge\nx{a=\"b} 1\n" },
        { "unknown escape", "# TYPE x gauge\nx{a=\"\\t\"} 1\n" },
        { "trailing comma in labels", "# TYPE x gauge\nx{a=\"1\",} 1\n" },
        { "label given twice", "# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n" },
        { "duplicate series", "# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"1\"} 2\n" },
        { "duplicate series, labels reordered", "# TYPE x gauge\nx{a=\"1\",b=\"2\"} 1\nx{b=\"2\",a=\"1\"} 1\n" },
        { "duplicate series without labels", "# TYPE x gauge\nx 1\nx 2\n" },
        { "bad value", "# TYPE x gauge\nx 1,5\n" },
        { "lowercase inf", "# TYPE x gauge\nx inf\n" },
        { "missing value", "# TYPE x gauge\nx\n" },
        { "negative counter", "# TYPE x_total counter\nx_total -1\n" },
        { "summary not supported", "# TYPE x summary\nx_sum 1\nx_count 1\n" },
        { "foreign sample in gauge family", "# TYPE x gauge\nx 1\nx_sum 1\n" },
        { "bare sample in histogram", "# TYPE x histogram\nx 1\n" },
        { "bucket without le", "# TYPE x histogram\nx_bucket 1\nx_sum 1\nx_count 1\n" },
        { "count with le", "# TYPE x histogram\nx_bucket{le=\"+Inf\"} 1\nx_sum 1\nx_count{le=\"+Inf\"} 1\n" },
        { "buckets not cumulative", "# TYPE x histogram\nx_bucket{le=\"1\"} 5\nx_bucket{le=\"2\"} 3\nx_bucket{le=\"+Inf\"} 5\nx_sum 1\nx_count 5\n" },
        { "bucket bounds not increasing", "# TYPE x histogram\nx_bucket{le=\"2\"} 1\nx_bucket{le=\"1\"} 1\nx_bucket{le=\"+Inf\"} 1\nx_sum 1\nx_count 1\n" },
        { "missing +Inf bucket", "# TYPE x histogram\nx_bucket{le=\"1\"} 1\nx_sum 1\nx_count 1\n" },
        { "+Inf differs from _count", "# TYPE x histogram\nx_bucket{le=\"+Inf\"} 2\nx_sum 1\nx_count 3\n" },
        { "missing _sum", "# TYPE x histogram\nx_bucket{le=\"+Inf\"} 1\nx_count 1\n" },
        { "missing _count", "# TYPE x histogram\nx_bucket{le=\"+Inf\"} 1\nx_sum 1\n" },
        { "missing trailing newline", "# TYPE x gauge\nx 1" },
        { "CRLF line ends", "# TYPE x gauge\r\nx 1\r\n" },
        { "unknown escape in HELP", "# HELP x a\\tb\n# TYPE x gauge\nx 1\n" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Parse_InvalidExposition_Throws(string rule, string text)
    {
        var ex = Record.Exception(() => PrometheusTextParser.Parse(text));

        Assert.True(ex is PrometheusParseException, $"'{rule}' was accepted (or failed with {ex?.GetType().Name}: {ex?.Message})");
    }

    [Fact]
    public void Parse_DocumentationExampleHistogram_ReadsValues()
    {
        var parsed = PrometheusTextParser.Parse(ValidHistogram);

        var family = Assert.Single(parsed.Families);
        Assert.Equal("histogram", family.Type);
        Assert.Equal("Run-queue wait.", family.Help);
        Assert.Equal(40, parsed.Value("kg_wait_seconds_bucket", ("pod", "web-1"), ("le", "0.01")));
        Assert.Equal(0.0123, parsed.Value("kg_wait_seconds_sum", ("pod", "web-1")), 1e-12);
    }

    [Fact]
    public void Parse_EscapedLabelAndHelp_Unescapes()
    {
        const string text = "# HELP x a\\\\b\\nc\n# TYPE x gauge\nx{v=\"q\\\"b\\\\n\\n\"} NaN 1700000000000\n";

        var parsed = PrometheusTextParser.Parse(text);

        Assert.Equal("a\\b\nc", parsed.Family("x").Help);
        var sample = Assert.Single(parsed.Family("x").Samples);
        Assert.Equal("q\"b\\n\n", sample.Labels["v"]);
        Assert.True(double.IsNaN(sample.Value));
    }

    [Fact]
    public void Parse_EmptyText_HasNoFamilies()
    {
        Assert.Empty(PrometheusTextParser.Parse(string.Empty).Families);
    }
}
