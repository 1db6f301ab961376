namespace KernelTruth.Recommender.Input;

/// <summary>
/// Unsigned LEB128, as protobuf writes integers: 7 bits per byte, low bits first, the high bit set on every byte
/// but the last. Exact for every ulong (1 to 10 bytes); a counter costs bytes by its size, not its type.
/// Worked example: 300 = 0b10_0101100 ⇒ 0xAC 0x02 (2 bytes instead of 8); 10^9 ns ⇒ 5 bytes; ulong.MaxValue ⇒ 10.
/// </summary>
internal static class Varint
{
    public static ulong Read(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    /// <summary>
    /// Reads what <see cref="Writer.PutNear"/> wrote: the value as its distance from <paramref name="reference"/>.
    /// </summary>
    public static ulong ReadNear(byte[] bytes, ref int at, ulong reference)
    {
        ulong zigzag = Read(bytes, ref at);
        return reference + ((zigzag >> 1) ^ (0 - (zigzag & 1))); // wrapping: exact for every pair of ulongs
    }

    /// <summary>
    /// Writes into <paramref name="bytes"/>, or, given none, only counts: the same code run twice sizes the array
    /// exactly and then fills it.
    /// </summary>
    public ref struct Writer(byte[]? bytes)
    {
        /// <summary>Bytes written (or counted) so far.</summary>
        public int Position { get; private set; }

        /// <summary>True when only counting: what is already sized can be skipped.</summary>
        public readonly bool Counting => bytes is null;

        /// <summary>Counts <paramref name="count"/> bytes sized elsewhere without writing them (only when <see cref="Counting"/>).</summary>
        public void Skip(int count)
        {
            if (bytes is not null)
            {
                throw new InvalidOperationException("only a counting writer skips bytes");
            }

            Position += count;
        }

        public void Put(ulong value)
        {
            while (value >= 0x80)
            {
                Byte((byte)(value | 0x80));
                value >>= 7;
            }

            Byte((byte)value);
        }

        /// <summary>
        /// Writes <paramref name="value"/> as its distance from <paramref name="reference"/>, a counter that runs close
        /// beside it: the wrapping difference, zigzag-coded (0, −1, 1, −2 … ⇒ 0, 1, 2, 3 …) so that a small distance
        /// either way is a small varint. Exact for every pair. Example: 12 000 000 500 ns beside 12 000 000 000 ⇒
        /// distance 500 ⇒ 1 000 ⇒ 2 bytes instead of 5; the same value ⇒ 1 byte.
        /// </summary>
        public void PutNear(ulong value, ulong reference)
        {
            ulong difference = value - reference;
            Put((difference << 1) ^ (0 - (difference >> 63)));
        }

        public void Put(ReadOnlySpan<byte> raw)
        {
            if (bytes is not null)
            {
                raw.CopyTo(bytes.AsSpan(Position));
            }

            Position += raw.Length;
        }

        public void Byte(byte value)
        {
            if (bytes is not null)
            {
                bytes[Position] = value;
            }

            Position++;
        }
    }
}
