using KernelTruth.Cluster.Controllers;

namespace KernelTruth.Cluster.Tests.Controllers;

public sealed class ContentDigestTests
{
    [Fact]
    public void Of_EqualTextInDifferentStrings_Equal() =>
        Assert.Equal(ContentDigest.Of("""{"cpu":"250m"}"""), ContentDigest.Of(new string("""{"cpu":"250m"}""")));

    [Theory]
    [InlineData("""{"cpu":"250m"}""", """{"cpu":"260m"}""")] // one character
    [InlineData("""{"cpu":"250m"}""", """{"cpu":"250m"} """)] // one more character
    [InlineData("ab", "ba")] // the same characters in another order
    [InlineData("", " ")]
    public void Of_DifferentText_Different(string a, string b) => Assert.NotEqual(ContentDigest.Of(a), ContentDigest.Of(b));
}
