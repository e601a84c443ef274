using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Discovery;

/// <summary>
/// BEP 14 local service discovery: announces our torrents to the LAN's multicast group (once per torrent per
/// <see cref="LsdOptions.AnnounceInterval"/>, several hashes per datagram) and reports peers heard there for torrents
/// we have. Private torrents are never announced (BEP 27). Our own datagrams carry a random cookie and are ignored;
/// each source address gets a few datagrams a minute and the table of sources is bounded, so a flood costs little.
/// Sockets are made in <see cref="Start"/>, synchronously, so a caller can make them inside a chosen network namespace.
/// </summary>
internal sealed class LocalServiceDiscovery : IAsyncDisposable
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    private readonly LsdOptions _options;
    private readonly int _listenPort;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    // Guards the torrents we announce, the announce wake-up and the inbound rate table.
    private readonly Lock _stateLock = new();
    private readonly Dictionary<InfoHash, DateTimeOffset?> _torrents = [];
    private readonly Dictionary<IPAddress, int> _datagramsBySource = [];
    private DateTimeOffset _rateWindowStart;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Socket? _socket4;
    private Socket? _socket6;

    public LocalServiceDiscovery(LsdOptions options, int listenPort, TimeProvider time, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(listenPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(listenPort, ushort.MaxValue);
        _options = options;
        _listenPort = listenPort;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        Cookie = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    }

    /// <summary>A peer announced itself on the LAN for a torrent we have: its address and BitTorrent port.</summary>
    public event Action<InfoHash, IPEndPoint>? PeerDiscovered;

    /// <summary>Marks our own datagrams, which the group loops back to us.</summary>
    public string Cookie { get; }

    /// <summary>Joins the groups and starts announcing and listening; false when not even IPv4 could be joined.</summary>
    public bool Start()
    {
        _socket4 = Open(_options.Group, AddressFamily.InterNetwork);
        if (_options.Group6 is { } group6)
        {
            _socket6 = Open(group6, AddressFamily.InterNetworkV6);
        }

        if (_socket4 is null)
        {
            return false;
        }

        _loops.Add(ReceiveLoopAsync(_socket4, _stop.Token));
        if (_socket6 is not null)
        {
            _loops.Add(ReceiveLoopAsync(_socket6, _stop.Token));
        }

        _loops.Add(AnnounceLoopAsync(_stop.Token));
        Log.LsdListening(_logger, _options.Group);
        return true;
    }

    /// <summary>Starts announcing a torrent (at once, then every interval); refused for private torrents and past the table's limit.</summary>
    public bool Add(InfoHash infoHash, bool isPrivate)
    {
        if (isPrivate)
        {
            return false;
        }

        lock (_stateLock)
        {
            if (_torrents.ContainsKey(infoHash) || _torrents.Count >= _options.MaxTorrents)
            {
                return false;
            }

            _torrents[infoHash] = null;
            _wake.TrySetResult();
            return true;
        }
    }

    public void Remove(InfoHash infoHash)
    {
        lock (_stateLock)
        {
            _torrents.Remove(infoHash);
        }
    }

    /// <summary>Sends one announce round for every torrent due now; returns how many torrents were announced.</summary>
    public int AnnounceDue()
    {
        var now = _time.GetUtcNow();
        List<InfoHash> due;
        lock (_stateLock)
        {
            due = _torrents.Where(t => t.Value is null || now - t.Value.Value >= _options.AnnounceInterval).Select(t => t.Key).ToList();
            foreach (var hash in due)
            {
                _torrents[hash] = now;
            }
        }

        var buffer = new byte[LsdMessage.MaxDatagram];
        for (var start = 0; start < due.Count; start += _options.MaxInfoHashesPerAnnounce)
        {
            var batch = due.GetRange(start, Math.Min(_options.MaxInfoHashesPerAnnounce, due.Count - start)).ToArray();
            Send(_socket4, _options.Group, $"{_options.Group.Address}:{_options.Group.Port}", batch, buffer);
            if (_options.Group6 is { } group6)
            {
                Send(_socket6, group6, $"[{group6.Address}]:{group6.Port}", batch, buffer);
            }
        }

        return due.Count;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket4?.Dispose();
        _socket6?.Dispose();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private Socket? Open(IPEndPoint group, AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Other BitTorrent clients on this host listen on the same group and port.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (family == AddressFamily.InterNetwork)
            {
                socket.Bind(new IPEndPoint(IPAddress.Any, group.Port));
                var local = _options.InterfaceAddress ?? IPAddress.Any;
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group.Address, local));
                if (_options.InterfaceAddress is { } chosen)
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, chosen.GetAddressBytes());
                }

                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, _options.TimeToLive);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            }
            else
            {
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, group.Port));
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group.Address));
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, _options.TimeToLive);
            }

            return socket;
        }
        catch (SocketException ex)
        {
            Log.LsdUnavailable(_logger, group, ex.Message);
            socket.Dispose();
            return null;
        }
    }

    private void Send(Socket? socket, IPEndPoint group, string host, InfoHash[] batch, byte[] buffer)
    {
        if (socket is null)
        {
            return;
        }

        var length = LsdMessage.Write(buffer, host, _listenPort, batch, Cookie);
        try
        {
            socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, group);
        }
        catch (SocketException ex)
        {
            Log.LsdSendFailed(_logger, group, ex.Message);
        }
    }

    private async Task AnnounceLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            AnnounceDue();
            Task wake;
            TimeSpan wait;
            lock (_stateLock)
            {
                var now = _time.GetUtcNow();
                wait = _options.AnnounceInterval;
                foreach (var last in _torrents.Values)
                {
                    var due = last is null ? TimeSpan.Zero : last.Value + _options.AnnounceInterval - now;
                    wait = due < wait ? due : wait;
                }

                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wake = _wake.Task;
            }

            if (wait <= TimeSpan.Zero)
            {
                continue;
            }

            using var woken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(Task.Delay(wait, _time, woken.Token), wake).ConfigureAwait(false);
            await woken.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[LsdMessage.MaxDatagram + 1];
        var hashes = new List<InfoHash>();
        var anySource = socket.AddressFamily == AddressFamily.InterNetwork ? new IPEndPoint(IPAddress.Any, 0) : new IPEndPoint(IPAddress.IPv6Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, anySource, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            // Parsing a datagram of at most 1400 bytes is cheap; doing it first keeps our own looped-back
            // announces from using up our address's allowance.
            var source = (IPEndPoint)received.RemoteEndPoint;
            hashes.Clear();
            var parsed = LsdMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), hashes, _options.MaxInfoHashesPerAnnounce, out var port, out var cookie, out var error);
            if (parsed && string.Equals(cookie, Cookie, StringComparison.Ordinal))
            {
                continue;
            }

            if (!Admit(source.Address))
            {
                continue;
            }

            if (!parsed)
            {
                Log.LsdRefused(_logger, source, error!);
                continue;
            }

            var peer = new IPEndPoint(source.Address, port);
            foreach (var hash in hashes)
            {
                bool ours;
                lock (_stateLock)
                {
                    ours = _torrents.ContainsKey(hash);
                }

                if (ours)
                {
                    Log.LsdPeer(_logger, peer, hash);
                    PeerDiscovered?.Invoke(hash, peer);
                }
            }
        }
    }

    /// <summary>Counts a datagram against its source's allowance for the current minute.</summary>
    private bool Admit(IPAddress source)
    {
        lock (_stateLock)
        {
            var now = _time.GetUtcNow();
            if (now - _rateWindowStart >= RateWindow)
            {
                _rateWindowStart = now;
                _datagramsBySource.Clear();
            }

            _datagramsBySource.TryGetValue(source, out var count);
            if (count >= _options.MaxDatagramsPerSourcePerMinute || (count == 0 && _datagramsBySource.Count >= _options.MaxSourcesPerMinute))
            {
                return false;
            }

            _datagramsBySource[source] = count + 1;
            return true;
        }
    }
}
