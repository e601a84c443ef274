using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Sip.Transport;

/// <summary>A listening TCP socket for SIP over TCP or TLS: dual-stack unless an address is configured.</summary>
internal sealed class SipStreamListener : IDisposable
{
    private readonly Socket _socket;

    private SipStreamListener(SipTransportKind kind, Socket socket)
    {
        Kind = kind;
        _socket = socket;
    }

    public SipTransportKind Kind { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static SipStreamListener Bind(SipTransportKind kind, IPAddress? address, int port)
    {
        var dualStack = address is null;
        address ??= IPAddress.IPv6Any;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualStack)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SipStreamListener(kind, socket);
    }

    public ValueTask<Socket> AcceptAsync(CancellationToken cancellationToken) => _socket.AcceptAsync(cancellationToken);

    public void Dispose() => _socket.Dispose();
}
