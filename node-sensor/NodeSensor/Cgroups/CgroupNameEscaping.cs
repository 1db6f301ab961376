using System.Buffers;
using System.Globalization;
using System.Text;

namespace KernelTruth.NodeSensor.Cgroups;

/// <summary>
/// Cgroup names are bytes: the kernel allows any byte but '/' and NUL in a directory name, while snapshots, JSON,
/// Prometheus labels and the CLI carry text. This is the one reversible mapping between the two.
/// <para>
/// The rule: every valid UTF-8 sequence stays the character it encodes, except the backslash, which is written
/// as two backslashes; every byte that is not part of a valid UTF-8 sequence is written as <c>\x</c> and two
/// lower-case hex digits. Decoding reads <c>\\</c> as a backslash and <c>\xNN</c> (either case) as the byte
/// NN; any other backslash is an error. Two different byte names never escape to the same text, and a name
/// that is valid UTF-8 without a backslash (every name Kubernetes and container runtimes make) is unchanged.
/// </para>
/// <para>
/// Worked example: the bytes 66 FF 6F 5C 61 C3 A9 ("f", an invalid byte, "o", a backslash, "a", "é") escape
/// to <c>f\xffo\\aé</c>; decoding that text gives the same seven bytes back. A systemd unit directory
/// <c>systemd-fsck@dev-disk-by\x2duuid.service</c> (a literal backslash, as systemd names it) escapes to
/// <c>systemd-fsck@dev-disk-by\\x2duuid.service</c>.
/// </para>
/// </summary>
public static class CgroupNameEscaping
{
    private const char Backslash = '\\';

    /// <summary>The text form of a name or path given as raw bytes (no terminating NUL).</summary>
    public static string Escape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (!raw.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(raw, out var rune, out int consumed);
            if (status == OperationStatus.Done)
            {
                if (rune.Value == Backslash)
                {
                    text.Append(Backslash, 2);
                }
                else
                {
                    text.Append(rune.ToString());
                }
            }
            else
            {
                // InvalidData or NeedMoreData (a sequence cut off by the end): each byte of it stands alone.
                foreach (byte b in raw[..consumed])
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:x2}");
                }
            }

            raw = raw[consumed..];
        }

        return text.ToString();
    }

    /// <summary>The raw bytes an escaped name or path stands for.</summary>
    /// <exception cref="FormatException">A backslash not followed by another backslash or by x and two hex digits.</exception>
    public static byte[] Unescape(string escaped) =>
        TryUnescape(escaped, out var raw, out string? error) ? raw : throw new FormatException(error);

    /// <summary>As <see cref="Unescape"/>, with the reason in <paramref name="error"/> instead of an exception.</summary>
    public static bool TryUnescape(string escaped, out byte[] raw, out string? error)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        var bytes = new List<byte>(escaped.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < escaped.Length; i++)
        {
            char c = escaped[i];
            if (c != Backslash)
            {
                // A surrogate pair is one rune; a lone surrogate cannot come from Escape and encodes as U+FFFD.
                int length = char.IsHighSurrogate(c) && i + 1 < escaped.Length && char.IsLowSurrogate(escaped[i + 1]) ? 2 : 1;
                int written = Encoding.UTF8.GetBytes(escaped.AsSpan(i, length), utf8);
                bytes.AddRange(utf8[..written]);
                i += length - 1;
                continue;
            }

            if (i + 1 < escaped.Length && escaped[i + 1] == Backslash)
            {
                bytes.Add((byte)Backslash);
                i++;
                continue;
            }

            if (i + 3 < escaped.Length && escaped[i + 1] == 'x'
                && byte.TryParse(escaped.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte value))
            {
                bytes.Add(value);
                i += 3;
                continue;
            }

            raw = [];
            error = $"'{escaped}' has a backslash at position {i} that is neither '\\\\' (a backslash) nor '\\xNN' (the byte NN in hex)";
            return false;
        }

        raw = [.. bytes];
        error = null;
        return true;
    }
}
