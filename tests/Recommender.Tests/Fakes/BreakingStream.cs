namespace KernelTruth.Recommender.Tests.Fakes;

/// <summary>
/// A response body that sends <c>start</c> and then breaks as a reset connection does (an IOException), or, when
/// endless, repeats <c>start</c> for ever: a sensor that never stops sending.
/// </summary>
internal sealed class BreakingStream(byte[] start, bool endless = false) : Stream
{
    public const string Reset = "Connection reset by peer";

    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_position >= start.Length)
        {
            if (!endless)
            {
                throw new IOException(Reset);
            }

            _position = 0;
        }

        int n = Math.Min(count, start.Length - _position);
        Array.Copy(start, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        byte[] chunk = new byte[buffer.Length];
        int n = Read(chunk, 0, chunk.Length);
        chunk.AsSpan(0, n).CopyTo(buffer.Span);
        return ValueTask.FromResult(n);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
