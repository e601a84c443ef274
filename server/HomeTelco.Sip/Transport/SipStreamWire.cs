namespace HomeTelco.Sip.Transport;

/// <summary>A TCP <see cref="System.Net.Sockets.NetworkStream"/> or a TLS <see cref="System.Net.Security.SslStream"/> as a wire; disposing closes the socket.</summary>
internal sealed class SipStreamWire(Stream stream) : ISipWire
{
    public Stream Stream { get; } = stream;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => Stream.WriteAsync(bytes, cancellationToken);

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
