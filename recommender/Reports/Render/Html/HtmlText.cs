using System.Globalization;
using System.Net;

namespace KernelTruth.Reports.Render.Html;

/// <summary>Escaping and numbers for HTML and inline SVG: every input string passes through <see cref="Escape"/>.</summary>
internal static class HtmlText
{
    /// <summary>Encodes &lt; &gt; &amp; " ' (and non-ASCII as references), safe in text and quoted attributes, HTML or SVG.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Shortens to <paramref name="max"/> characters with an ellipsis, then escapes.</summary>
    public static string Label(string text, int max) => Escape(text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…"));

    /// <summary>An SVG coordinate: one decimal, invariant.</summary>
    public static string N(double v) => (Math.Round(v, 1) + 0.0).ToString("0.#", CultureInfo.InvariantCulture);
}
