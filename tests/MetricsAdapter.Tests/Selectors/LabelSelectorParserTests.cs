using KernelTruth.MetricsAdapter.Selectors;

namespace KernelTruth.MetricsAdapter.Tests.Selectors;

public class LabelSelectorParserTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front", ["team"] = "" };
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db", ["tier"] = "back" };
    private static readonly Dictionary<string, string> None = [];

    [Theory]
    [InlineData("", true, true, true)]
    [InlineData("app=web", true, false, false)]
    [InlineData("app==web", true, false, false)]
    [InlineData("app!=web", false, true, true)] // != also matches objects without the label
    [InlineData("app in (web, db)", true, true, false)]
    [InlineData("app notin (web)", false, true, true)]
    [InlineData("tier", true, true, false)]
    [InlineData("!tier", false, false, true)]
    [InlineData("app=web,tier=front", true, false, false)]
    [InlineData("app=web,tier=back", false, false, false)] // AND
    [InlineData(" app = web , tier in(front,back) ", true, false, false)]
    [InlineData("team=", true, false, false)] // empty value matches the empty label value only
    [InlineData("example.com/app!=x", true, true, true)]
    public void Parse_ValidSelector_MatchesAsKubernetes(string selector, bool web, bool db, bool none)
    {
        var s = LabelSelectorParser.Parse(selector);
        Assert.Equal(web, s.Matches(Web));
        Assert.Equal(db, s.Matches(Db));
        Assert.Equal(none, s.Matches(None));
    }

    [Fact]
    public void Parse_Requirements_KeepOperatorAndValues()
    {
        var s = LabelSelectorParser.Parse("a in (x,y),!b,c!=z,d");
        Assert.Equal(
            [("a", SelectorOperator.In, "x|y"), ("b", SelectorOperator.DoesNotExist, ""), ("c", SelectorOperator.NotEquals, "z"), ("d", SelectorOperator.Exists, "")],
            s.Requirements.Select(r => (r.Key, r.Operator, string.Join('|', r.Values))));
    }

    [Theory]
    [InlineData("app=web,", "expected a label key, found the end")]
    [InlineData(",app=web", "expected a label key, found ','")]
    [InlineData("app=web tier=x", "expected ',' or the end")]
    [InlineData("app in web", "expected '(' after 'in'")]
    [InlineData("app in ()", "is empty")]
    [InlineData("app in (a,b", "not closed")]
    [InlineData("app in (a b)", "expected ',' or ')'")]
    [InlineData("app > 3", "numeric comparison) is not supported")]
    [InlineData("app like web", "expected an operator")]
    [InlineData("-app=web", "must start and end with a letter or digit")]
    [InlineData("app=we$b", "character '$' is not allowed")]
    [InlineData("Example.com/app=x", "prefix before '/'")]
    [InlineData("/app=x", "prefix before '/'")]
    [InlineData("a/=x", "name part is empty")]
    [InlineData("!", "expected a label key")]
    [InlineData("app=(x)", "expected ',' or the end")]
    public void Parse_BadSelector_SaysWhatIsWrong(string selector, string expected)
    {
        var ex = Assert.Throws<SelectorException>(() => LabelSelectorParser.Parse(selector));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLongKeyOrValue_Refused()
    {
        Assert.Contains("longer than 63", Assert.Throws<SelectorException>(() => LabelSelectorParser.Parse(new string('a', 64) + "=x")).Message, StringComparison.Ordinal);
        Assert.Contains("longer than 63", Assert.Throws<SelectorException>(() => LabelSelectorParser.Parse("a=" + new string('x', 64))).Message, StringComparison.Ordinal);
        Assert.NotNull(LabelSelectorParser.Parse(new string('a', 63) + "=" + new string('x', 63)));
    }

    [Fact]
    public void Parse_OverLimits_Refused()
    {
        Assert.Contains("at most 4096", Assert.Throws<SelectorException>(() => LabelSelectorParser.Parse(string.Join(',', Enumerable.Range(0, 1000).Select(i => $"k{i}=v")))).Message, StringComparison.Ordinal);
        Assert.Contains("more than 64 requirements", Assert.Throws<SelectorException>(() => LabelSelectorParser.Parse(string.Join(',', Enumerable.Range(0, 65).Select(i => $"k{i}")))).Message, StringComparison.Ordinal);
        Assert.Contains("more than 256 values", Assert.Throws<SelectorException>(() => LabelSelectorParser.Parse("a in (" + string.Join(',', Enumerable.Range(0, 257).Select(i => $"v{i}")) + ")")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EqualityLabels_OnlyEqualityRequirements_Sorted()
    {
        var labels = LabelSelectorParser.Parse("z=1,a==2,b!=3,c in (4)").EqualityLabels();
        Assert.Equal(["a=2", "z=1"], labels.Select(kv => $"{kv.Key}={kv.Value}"));
    }
}
