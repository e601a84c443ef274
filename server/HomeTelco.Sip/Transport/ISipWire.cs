namespace HomeTelco.Sip.Transport;

/// <summary>The sending half of a connection (a TCP or TLS stream, a WebSocket): one writer calls it at a time.</summary>
internal interface ISipWire : IAsyncDisposable
{
    /// <summary>Writes one whole message (or keep-alive) and returns once the transport has taken it.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);
}
