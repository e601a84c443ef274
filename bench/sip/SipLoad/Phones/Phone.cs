using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipLoad.Phones;

/// <summary>
/// One simulated phone: its own UDP socket on the local address (a distinct port), connected to the target so sends
/// and receives need no endpoint objects, plus its extension number and password. What it receives goes to the
/// <see cref="IPhoneHandler"/> of the scenario running.
/// </summary>
internal sealed class Phone : IDisposable
{
    private const int ReceiveBufferSize = 16 * 1024;

    private readonly Socket _socket;
    private IPhoneHandler? _handler;
    private long _sendErrors;

    public Phone(int index, string number, string password, IPAddress localAddress, IPEndPoint target)
    {
        Index = index;
        Number = number;
        Password = password;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(localAddress, 0));
        _socket.Connect(target);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        var hostPort = $"{localAddress}:{LocalEndPoint.Port}";
        HostPort = Encoding.ASCII.GetBytes(hostPort);
        NumberBytes = Encoding.ASCII.GetBytes(number);
    }

    public int Index { get; }

    public string Number { get; }

    public string Password { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>"127.0.0.1:40123": this phone's sent-by and contact address.</summary>
    public byte[] HostPort { get; }

    public byte[] NumberBytes { get; }

    /// <summary>Sends failed locally (an ICMP port unreachable is reported on the next call of a connected socket).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public void Attach(IPhoneHandler handler) => Volatile.Write(ref _handler, handler);

    /// <summary>Sends one datagram to the target; false when the socket reported an error.</summary>
    public bool Send(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.Send(datagram, SocketFlags.None);
            return true;
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendErrors);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Receives until cancelled; each datagram is handled synchronously before the buffer is reused.</summary>
    public async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[ReceiveBufferSize];
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // The target is not listening (yet, or any more): the operation in flight will time out.
                continue;
            }

            if (received > 0)
            {
                Volatile.Read(ref _handler)?.OnDatagram(this, buffer.AsSpan(0, received));
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
