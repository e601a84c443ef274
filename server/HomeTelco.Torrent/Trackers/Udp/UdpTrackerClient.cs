using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Trackers.Udp;

/// <summary>
/// A BEP 15 tracker. Each exchange uses its own connected socket (so only the tracker's datagrams reach it, and a
/// late reply cannot be taken for another exchange's); the connection id is shared by all exchanges with this
/// tracker for its one-minute life. Waits run on the <see cref="TimeProvider"/>, so tests drive retransmission
/// without sleeping.
/// </summary>
internal sealed class UdpTrackerClient : ITrackerClient
{
    private static readonly TimeSpan ConnectionIdLifetime = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly UdpTrackerOptions _options;
    private readonly ILogger _logger;

    // Guards the cached connection id, its expiry and the endpoint it was issued for.
    private readonly Lock _connectionLock = new();
    private long _connectionId;
    private DateTimeOffset _connectionIdExpires;
    private IPEndPoint? _connectionIdFor;
    private int _connectRequestsSent;

    public UdpTrackerClient(Uri uri, TimeProvider time, UdpTrackerOptions? options = null, ILogger? logger = null)
    {
        if (!string.Equals(uri.Scheme, "udp", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("A UDP tracker URL starts with udp://", nameof(uri));
        }

        Uri = uri;
        _time = time;
        _options = options ?? UdpTrackerOptions.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    private delegate int RequestWriter(Span<byte> destination, long connectionId, int transactionId);

    private delegate bool ReplyReader<T>(ReadOnlySpan<byte> packet, bool overIPv6, out T? value);

    public Uri Uri { get; }

    /// <summary>How many connect requests this client has sent (tests check connection id reuse with it).</summary>
    public int ConnectRequestsSent => Volatile.Read(ref _connectRequestsSent);

    public Task<TrackerResult<AnnounceResponse>> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var maxPeers = _options.MaxPeers;
        return ExchangeAsync<AnnounceResponse>(
            UdpTrackerAction.Announce,
            (destination, connectionId, transactionId) => UdpTrackerMessages.WriteAnnounce(destination, connectionId, transactionId, request),
            (ReadOnlySpan<byte> packet, bool overIPv6, out AnnounceResponse? value) => UdpTrackerMessages.TryReadAnnounce(packet, overIPv6, maxPeers, out value),
            cancellationToken);
    }

    public async Task<TrackerResult<IReadOnlyList<ScrapeEntry>>> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(infoHashes);
        var all = new List<ScrapeEntry>(infoHashes.Count);
        for (var start = 0; start < infoHashes.Count; start += UdpTrackerMessages.MaxScrapeHashes)
        {
            var batch = infoHashes.Skip(start).Take(UdpTrackerMessages.MaxScrapeHashes).ToArray();
            var result = await ExchangeAsync<IReadOnlyList<ScrapeEntry>>(
                UdpTrackerAction.Scrape,
                (destination, connectionId, transactionId) => UdpTrackerMessages.WriteScrape(destination, connectionId, transactionId, batch),
                (ReadOnlySpan<byte> packet, bool _, out IReadOnlyList<ScrapeEntry>? value) => UdpTrackerMessages.TryReadScrape(packet, batch, out value),
                cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return result;
            }

            all.AddRange(result.Value!);
        }

        return TrackerResult<IReadOnlyList<ScrapeEntry>>.Success(all);
    }

    private async Task<TrackerResult<T>> ExchangeAsync<T>(UdpTrackerAction action, RequestWriter write, ReplyReader<T> read, CancellationToken cancellationToken)
        where T : class
    {
        var endpoint = await TrackerEndpoints.ResolveAsync(Uri, cancellationToken).ConfigureAwait(false);
        if (endpoint is null)
        {
            return TrackerResult<T>.Fail(TrackerFailureKind.Unreachable, "the tracker's host did not resolve or the URL has no port");
        }

        using var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            return TrackerResult<T>.Fail(TrackerFailureKind.Unreachable, ex.Message);
        }

        var overIPv6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6 && !endpoint.Address.IsIPv4MappedToIPv6;
        var send = ArrayPool<byte>.Shared.Rent(UdpTrackerMessages.ScrapeRequestHeaderLength + (UdpTrackerMessages.MaxScrapeHashes * InfoHash.Length));
        var receive = ArrayPool<byte>.Shared.Rent(UdpTrackerMessages.MaxDatagram);
        try
        {
            var requestTransaction = NewTransactionId();
            var connectTransaction = NewTransactionId();
            for (var attempt = 0; attempt <= _options.MaxRetransmissions;)
            {
                var wait = _options.BaseTimeout * (1 << attempt);

                // The timer starts before the send: whoever sees the datagram (a test's fake tracker) may move
                // the clock at once, and the wait must already be counting.
                using var timer = new CancellationTokenSource(wait, _time);
                var connecting = !TryGetConnectionId(endpoint, out var connectionId);
                var transaction = connecting ? connectTransaction : requestTransaction;
                var length = connecting
                    ? UdpTrackerMessages.WriteConnect(send, connectTransaction)
                    : write(send, connectionId, requestTransaction);
                if (connecting)
                {
                    Interlocked.Increment(ref _connectRequestsSent);
                }

                try
                {
                    await socket.SendAsync(send.AsMemory(0, length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    // Counted as a lost datagram: the wait below runs out and we retransmit.
                }

                var received = await ReceiveMatchingAsync(socket, receive, transaction, timer.Token, cancellationToken).ConfigureAwait(false);
                if (received < 0)
                {
                    Log.UdpTrackerTimeout(_logger, Uri, wait.TotalSeconds, attempt + 1);
                    attempt++;
                    continue;
                }

                var packet = receive.AsSpan(0, received);
                UdpTrackerMessages.TryReadHeader(packet, out var replyAction, out _);
                if (replyAction == UdpTrackerAction.Error)
                {
                    ForgetConnectionId();
                    return TrackerResult<T>.Fail(TrackerFailureKind.Refused, UdpTrackerMessages.ReadError(packet));
                }

                if (connecting)
                {
                    if (replyAction != UdpTrackerAction.Connect || !UdpTrackerMessages.TryReadConnect(packet, out var issued))
                    {
                        return TrackerResult<T>.Fail(TrackerFailureKind.BadResponse, "malformed connect reply");
                    }

                    RememberConnectionId(endpoint, issued);
                    continue;
                }

                if (replyAction != action || !read(packet, overIPv6, out var value) || value is null)
                {
                    return TrackerResult<T>.Fail(TrackerFailureKind.BadResponse, $"malformed {action} reply of {received} bytes");
                }

                return TrackerResult<T>.Success(value);
            }

            return TrackerResult<T>.Fail(TrackerFailureKind.Unreachable, $"no answer after {_options.MaxRetransmissions + 1} tries");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(send);
            ArrayPool<byte>.Shared.Return(receive);
        }
    }

    /// <summary>The length of the first datagram with our transaction id, or -1 when the wait ran out.</summary>
    private async Task<int> ReceiveMatchingAsync(Socket socket, byte[] buffer, int transaction, CancellationToken timeout, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout, cancellationToken);
        while (true)
        {
            try
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
                if (UdpTrackerMessages.TryReadHeader(buffer.AsSpan(0, received), out _, out var got) && got == transaction)
                {
                    return received;
                }

                Log.UdpTrackerWrongTransaction(_logger, Uri, got, transaction);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return -1;
            }
            catch (SocketException)
            {
                // ICMP port unreachable and the like: the tracker may come back; wait out this try, then retransmit.
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, _time, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return -1;
                }
            }
        }
    }

    private bool TryGetConnectionId(IPEndPoint endpoint, out long connectionId)
    {
        lock (_connectionLock)
        {
            connectionId = _connectionId;
            return endpoint.Equals(_connectionIdFor) && _time.GetUtcNow() < _connectionIdExpires;
        }
    }

    private void RememberConnectionId(IPEndPoint endpoint, long connectionId)
    {
        lock (_connectionLock)
        {
            _connectionId = connectionId;
            _connectionIdFor = endpoint;
            _connectionIdExpires = _time.GetUtcNow() + ConnectionIdLifetime;
        }
    }

    private void ForgetConnectionId()
    {
        lock (_connectionLock)
        {
            _connectionIdFor = null;
        }
    }

    private static int NewTransactionId() => RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);
}
