using System.Buffers;
using System.Threading.Channels;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Wire;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>One thing a connection reported, copied out of the connection's buffers.</summary>
internal sealed record PeerEvent(PeerMessageId Id, int Index = 0, int Begin = 0, byte ExtendedId = 0, byte[]? Payload = null, string? CloseReason = null);

/// <summary>A handler that records everything a connection reports, for tests to wait on with a deadline.</summary>
internal sealed class RecordingPeer : IPeerConnectionHandler
{
    /// <summary>Marks the close event in the stream (not a wire id).</summary>
    public const PeerMessageId Closed = (PeerMessageId)(-2);

    private readonly Channel<PeerEvent> _events = Channel.CreateUnbounded<PeerEvent>();

    public void OnMessage(PeerConnection connection, in PeerMessage message) =>
        _events.Writer.TryWrite(new PeerEvent(message.Id, message.Index, message.Begin, message.ExtendedId, message.Payload.IsEmpty ? null : message.Payload.ToArray()));

    public void OnBlock(PeerConnection connection, PeerBlock block)
    {
        _events.Writer.TryWrite(new PeerEvent(PeerMessageId.Piece, block.Index, block.Begin, Payload: block.Span.ToArray()));
        block.Return();
    }

    public void OnClosed(PeerConnection connection, string reason) =>
        _events.Writer.TryWrite(new PeerEvent(Closed, CloseReason: reason));

    /// <summary>The next event that matches; fails on close (unless waiting for it) or after the timeout.</summary>
    public async Task<PeerEvent> WaitForAsync(Func<PeerEvent, bool> match, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await _events.Reader.ReadAsync(deadline.Token);
                if (match(next))
                {
                    return next;
                }

                if (next.Id == Closed)
                {
                    throw new InvalidOperationException($"connection closed while waiting for {what}: {next.CloseReason}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {what} within {timeout.TotalSeconds} s");
        }
    }
}
