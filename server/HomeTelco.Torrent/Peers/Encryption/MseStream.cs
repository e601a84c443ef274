namespace HomeTelco.Torrent.Peers.Encryption;

/// <summary>
/// The socket stream after an MSE exchange: RC4 each way when RC4 was selected, or plaintext; either way
/// the bytes the exchange already read past its end (the peer's initial payload) come out first.
/// </summary>
internal sealed class MseStream(Stream inner, Rc4? decrypt, Rc4? encrypt, byte[] prefix) : Stream
{
    private int _prefixRead;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TakePrefix(buffer) is var taken and > 0)
        {
            return taken;
        }

        var read = inner.Read(buffer);
        decrypt?.Apply(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePrefix(buffer.Span) is var taken and > 0)
        {
            return taken;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        decrypt?.Apply(buffer.Span[..read]);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (encrypt is null)
        {
            inner.Write(buffer);
            return;
        }

        var copy = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.CopyTo(copy);
            encrypt.Apply(copy.AsSpan(0, buffer.Length));
            inner.Write(copy, 0, buffer.Length);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (encrypt is null)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The pipe hands us its own buffer, which it may still read after we return; encrypt a pooled copy.
        var copy = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            buffer.Span.CopyTo(copy);
            encrypt.Apply(copy.AsSpan(0, buffer.Length));
            await inner.WriteAsync(copy.AsMemory(0, buffer.Length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int TakePrefix(Span<byte> buffer)
    {
        var left = prefix.Length - _prefixRead;
        if (left <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var n = Math.Min(left, buffer.Length);
        prefix.AsSpan(_prefixRead, n).CopyTo(buffer);
        _prefixRead += n;
        return n;
    }
}
