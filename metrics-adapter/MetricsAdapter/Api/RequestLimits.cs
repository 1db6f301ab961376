using System.Text;

namespace KernelTruth.MetricsAdapter.Api;

/// <summary>
/// Checks on the raw request target before anything parses it: length, depth and strict UTF-8 of
/// the percent-decoded bytes (a decoder that replaces bad bytes with U+FFFD would turn garbage
/// into a plausible name). Kestrel itself answers 414 to request lines beyond its limit
/// (<see cref="MaxRequestLine"/>, configured by the hosting code).
/// </summary>
internal static class RequestLimits
{
    /// <summary>Kestrel's request-line limit: above it Kestrel answers 414 before we see the request.</summary>
    public const int MaxRequestLine = 64 * 1024;

    /// <summary>Longest path + query we read; the HPA's longest is a few hundred characters.</summary>
    public const int MaxTarget = 16 * 1024;

    /// <summary>Most '/'-separated segments in a path.</summary>
    public const int MaxPathSegments = 16;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <returns>null when the target is acceptable, else the error to answer.</returns>
    public static ApiResponse? Problem(string rawTarget)
    {
        if (rawTarget.Length > MaxTarget)
        {
            return ApiResponse.UriTooLong($"request target is {rawTarget.Length} characters; at most {MaxTarget} are accepted");
        }

        int q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        string path = q < 0 ? rawTarget : rawTarget[..q];
        if (path.Count(c => c == '/') > MaxPathSegments)
        {
            return ApiResponse.BadRequest($"path has more than {MaxPathSegments} segments");
        }

        if (!IsValidUtf8(rawTarget))
        {
            return ApiResponse.BadRequest("request target is not valid UTF-8 after percent-decoding");
        }

        return null;
    }

    private static bool IsValidUtf8(string target)
    {
        var bytes = new List<byte>(target.Length);
        for (int i = 0; i < target.Length; i++)
        {
            char c = target[i];
            if (c == '%' && i + 2 < target.Length && Uri.IsHexDigit(target[i + 1]) && Uri.IsHexDigit(target[i + 2]))
            {
                bytes.Add((byte)Convert.ToInt32(target.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c > 0x7F)
            {
                // Kestrel hands a raw target over as Latin-1 chars; the bytes are what was sent.
                if (c > 0xFF)
                {
                    return false;
                }

                bytes.Add((byte)c);
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        try
        {
            _ = StrictUtf8.GetCharCount([.. bytes]);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
