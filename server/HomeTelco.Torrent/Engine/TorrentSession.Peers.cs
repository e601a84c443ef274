using System.Buffers;
using System.Net;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Extensions;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Picking;

namespace HomeTelco.Torrent.Engine;

/// <summary>The peer side of a session: dialling, adopting inbound links, and what each peer's messages do.</summary>
internal sealed partial class TorrentSession
{
    /// <summary>An inbound peer finished its handshake for this torrent; false when the session cannot take it.</summary>
    public bool TryAdopt(PeerLink link)
    {
        lock (_gate)
        {
            if (!IsRunning || State == TorrentState.Moving || _banned.Contains(link.Remote.Address) || _connections is null || !_connections.TryAdmit())
            {
                return false;
            }
        }

        Attach(link);
        return true;
    }

    private void DialMore()
    {
        while (true)
        {
            IPEndPoint next;
            lock (_gate)
            {
                if (_dialsInFlight >= MaxDialsInFlight || _candidates.Count == 0 || _connections is null
                    || State is TorrentState.Checking)
                {
                    return;
                }

                next = _candidates.Dequeue();
                if (_banned.Contains(next.Address) || _peers.Values.Any(p => p.Connection.Remote.Equals(next) || p.ListenEndPoint.Equals(next)))
                {
                    continue;
                }

                if (!_connections.TryAdmit())
                {
                    _candidates.Enqueue(next);
                    return;
                }

                _dialsInFlight++;
            }

            _ = DialAsync(next);
        }
    }

    private async Task DialAsync(IPEndPoint remote)
    {
        PeerLink? link = null;
        try
        {
            link = await PeerDialer.DialAsync(remote, Handshake, _ctx.ConnectionOptions, _ctx.Time, _stop.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Unreachable, refusing or lying peers are normal; the address is simply dropped.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.PeerDialFailed(_logger, remote.ToString(), ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                _dialsInFlight--;
                if (link is null)
                {
                    _connections?.Release();
                }
            }
        }

        if (link is not null)
        {
            if (link.RemoteHandshake.PeerId.Equals(PeerIdBytes.FromSpan(_ctx.PeerId)))
            {
                await link.DisposeAsync().ConfigureAwait(false);
                lock (_gate)
                {
                    _connections?.Release();
                }

                return;
            }

            Attach(link);
        }
    }

    // Wraps a finished handshake in a connection, registers it and sends our opening messages.
    private void Attach(PeerLink link)
    {
        var meta = _meta;
        var shape = meta is null ? null : new PeerTorrentShape(meta.PieceCount, meta.PieceLength, meta.Layout.TotalLength);
        var connection = new PeerConnection(link, shape, this, _ctx.ConnectionOptions, _ctx.Violations, _ctx.Time, _logger);
        lock (_gate)
        {
            var peer = new SwarmPeer(connection, _choker?.AddPeer() ?? new Choking.ChokePeer(_ctx.Time.GetTimestamp()));
            if (_picker is not null && meta is not null)
            {
                peer.Picker = _picker.AddPeer();
                _byPicker[peer.Picker] = peer;
            }

            _peers[connection] = peer;
            connection.Start();
            connection.SendExtendedHandshake(new ExtendedHandshake
            {
                Extensions = IsPrivate
                    ? new Dictionary<string, byte>(StringComparer.Ordinal) { [PeerExtensionNames.UtMetadata] = PeerExtensionNames.UtMetadataId }
                    : new Dictionary<string, byte>(StringComparer.Ordinal)
                    {
                        [PeerExtensionNames.UtMetadata] = PeerExtensionNames.UtMetadataId,
                        [PeerExtensionNames.UtPex] = PeerExtensionNames.UtPexId,
                    },
                Client = PeerExtensionNames.Client,
                ListenPort = _ctx.ListenPort,
                RequestQueue = RequestPipeline.MaxDepth,
                MetadataSize = meta?.InfoBytes.Length,
            });
            if (_picker is not null)
            {
                connection.SendBitfield(_picker.Have);
            }

            if (_ctx.Dht is { } dht && !IsPrivate && link.RemoteHandshake.SupportsDht)
            {
                connection.SendPort((ushort)dht.Port);
            }
        }
    }

    public void OnMessage(PeerConnection connection, in PeerMessage message)
    {
        lock (_gate)
        {
            if (!_peers.TryGetValue(connection, out var peer))
            {
                return;
            }

            var picker = peer.Picker;
            switch (message.Id)
            {
                case PeerMessageId.Bitfield when picker is not null && connection.PeerBitfield is { } bitfield:
                    _picker!.PeerBitfield(picker, bitfield);
                    UpdateInterest(peer);
                    break;
                case PeerMessageId.Have when picker is not null:
                    _picker!.PeerHave(picker, message.Index);
                    UpdateInterest(peer);
                    break;
                case PeerMessageId.HaveAll when picker is not null:
                    _picker!.PeerHaveAll(picker);
                    UpdateInterest(peer);
                    break;
                case PeerMessageId.HaveNone when picker is not null:
                    _picker!.PeerHaveNone(picker);
                    break;
                case PeerMessageId.Choke when picker is not null:
                    _picker!.PeerChoked(picker, connection.FastEnabled);
                    break;
                case PeerMessageId.Unchoke when picker is not null:
                    _picker!.PeerUnchoked(picker);
                    RequestMore(peer);
                    break;
                case PeerMessageId.Interested:
                    peer.Choke.IsInterested = true;
                    break;
                case PeerMessageId.NotInterested:
                    peer.Choke.IsInterested = false;
                    break;
                case PeerMessageId.Request:
                    QueueUpload(peer, new BlockRequest(message.Index, message.Begin, message.Length));
                    break;
                case PeerMessageId.Cancel:
                    RemoveQueuedUpload(peer, new BlockRequest(message.Index, message.Begin, message.Length));
                    break;
                case PeerMessageId.RejectRequest when picker is not null:
                    _picker!.RequestRejected(picker, new BlockRequest(message.Index, message.Begin, message.Length));
                    break;
                case PeerMessageId.AllowedFast when picker is not null:
                    _picker!.PeerAllowedFast(picker, message.Index);
                    RequestMore(peer);
                    break;
                case PeerMessageId.Suggest when picker is not null:
                    _picker!.PeerSuggested(picker, message.Index);
                    break;
                case PeerMessageId.Port when _ctx.Dht is { } dht && !IsPrivate && message.Length > 0:
                    dht.AddNodeHint(new IPEndPoint(connection.Remote.Address, message.Length));
                    break;
                case PeerMessageId.Extended:
                    OnExtended(peer, message.ExtendedId, message.Payload.ToArray());
                    break;
            }
        }
    }

    public void OnBlock(PeerConnection connection, Peers.Connections.PeerBlock block)
    {
        BlockOutcome outcome;
        SwarmPeer? peer;
        lock (_gate)
        {
            if (!_peers.TryGetValue(connection, out peer) || peer.Picker is null || _picker is null)
            {
                block.Return();
                return;
            }

            _cancels.Clear();
            outcome = _picker.BlockReceived(peer.Picker, new BlockRequest(block.Index, block.Begin, block.Length), _cancels);
            foreach (var cancel in _cancels)
            {
                if (_byPicker.TryGetValue(cancel.Peer, out var other))
                {
                    other.Connection.SendCancel(cancel.Block.Piece, cancel.Block.Offset, cancel.Block.Length);
                }
            }

            peer.Down.Add(block.Length);
            _choker?.PieceReceived(peer.Choke);
            RequestMore(peer);
        }

        if (outcome is not (BlockOutcome.Accepted or BlockOutcome.PieceComplete) || _cache is null)
        {
            block.Return();
            return;
        }

        var adding = _cache.AddBlockAsync(block.Index, block.Begin, block.Memory, peer, _stop.Token);
        if (adding.IsCompletedSuccessfully)
        {
            _ = adding.Result;
            block.Return();
            return;
        }

        _ = ReturnWhenAddedAsync(adding, block);
    }

    public void OnClosed(PeerConnection connection, string reason)
    {
        lock (_gate)
        {
            if (!_peers.Remove(connection, out var peer))
            {
                return;
            }

            if (peer.Picker is not null)
            {
                _byPicker.Remove(peer.Picker);
                _picker?.RemovePeer(peer.Picker);
            }

            // What it moved since the last tick still counts.
            Record.Downloaded += peer.Down.Tick();
            Record.Uploaded += peer.Up.Tick();
            _connections?.Release();
            Log.SwarmPeerClosed(_logger, connection.Remote.ToString(), reason);
        }
    }

    private static async Task ReturnWhenAddedAsync(ValueTask<Storage.BlockAddResult> adding, Peers.Connections.PeerBlock block)
    {
        try
        {
            await adding.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            block.Return();
        }
    }

    private void UpdateInterest(SwarmPeer peer)
    {
        if (peer.Picker is null || _picker is null)
        {
            return;
        }

        var wanted = _picker.IsInteresting(peer.Picker);
        peer.Choke.AmInterested = wanted;
        if (wanted && !peer.Connection.AmInterested)
        {
            peer.Connection.SendInterested();
        }
        else if (!wanted && peer.Connection.AmInterested)
        {
            peer.Connection.SendNotInterested();
        }
    }
}
