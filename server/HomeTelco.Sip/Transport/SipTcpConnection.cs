using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Sip.Transport;

/// <summary>One accepted TCP connection: its stream, its remote address and a lock that keeps whole messages from interleaving on send.</summary>
internal sealed class SipTcpConnection : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly NetworkStream _stream;

    public SipTcpConnection(long id, Socket socket)
    {
        Id = id;
        Socket = socket;
        Remote = SipAddresses.Normalize((IPEndPoint)socket.RemoteEndPoint!);
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 8192, leaveOpen: true));
    }

    public long Id { get; }

    public Socket Socket { get; }

    public IPEndPoint Remote { get; }

    public PipeReader Reader { get; }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _sendLock.Dispose();
    }
}
