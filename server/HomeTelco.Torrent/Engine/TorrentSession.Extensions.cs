using System.Buffers;
using System.Net;
using HomeTelco.Torrent.Metainfo;
using HomeTelco.Torrent.Peers.Extensions;

namespace HomeTelco.Torrent.Engine;

/// <summary>The extension-protocol side of a session: metadata exchange (BEP 9) and peer exchange (BEP 11).</summary>
internal sealed partial class TorrentSession
{
    private HashSet<IPEndPoint> _pexSent = [];

    private void OnExtended(SwarmPeer peer, byte id, byte[] payload)
    {
        switch (id)
        {
            case 0:
                // The connection has parsed the handshake; a magnet can start fetching metadata from this peer.
                RequestMetadata();
                break;
            case PeerExtensionNames.UtMetadataId:
                if (!UtMetadataMessage.TryParse(payload, out var message, out var error))
                {
                    peer.Connection.Close(error ?? "bad ut_metadata message");
                    return;
                }

                OnMetadataMessage(peer, message);
                break;
            case PeerExtensionNames.UtPexId when !IsPrivate:
                if (PexMessage.TryParse(payload, out var pex, out _) && pex is not null)
                {
                    AddCandidatesLocked(pex.Added.Select(a => a.EndPoint).Take(PexMessage.MaxPeersPerList));
                }

                break;
        }
    }

    private void OnMetadataMessage(SwarmPeer peer, UtMetadataMessage message)
    {
        switch (message.Type)
        {
            case UtMetadataType.Request:
                ServeMetadata(peer, message.Piece);
                break;
            case UtMetadataType.Reject:
                peer.MetadataPieceAsked = -2;
                RequestMetadata();
                break;
            case UtMetadataType.Data when _metadata is not null && _meta is null:
                peer.MetadataPieceAsked = -1;
                if (!_metadata.TryAdd(message, out _))
                {
                    return;
                }

                if (_metadata.IsComplete)
                {
                    FinishMetadata();
                }
                else
                {
                    RequestMetadata();
                }

                break;
        }
    }

    // Asks every peer that offers ut_metadata for one missing piece at a time.
    private void RequestMetadata()
    {
        if (_meta is not null)
        {
            return;
        }

        foreach (var peer in _peers.Values)
        {
            var theirs = peer.Connection.RemoteExtensions;
            if (theirs is null || theirs.IdOf(PeerExtensionNames.UtMetadata) == 0 || peer.MetadataPieceAsked != -1)
            {
                continue;
            }

            if (_metadata is null)
            {
                if (theirs.MetadataSize is not (> 0 and <= UtMetadataMessage.MaxMetadataSize) || theirs.MetadataSize is not long size)
                {
                    continue;
                }

                _metadata = new MetadataDownload(InfoHash, size);
            }

            var piece = _metadata.NextMissing();
            if (piece < 0)
            {
                return;
            }

            peer.MetadataPieceAsked = piece;
            peer.Connection.SendExtended(PeerExtensionNames.UtMetadata, new UtMetadataMessage(UtMetadataType.Request, piece, 0, default).Encode());
        }
    }

    private void FinishMetadata()
    {
        var info = _metadata!.TryFinish();
        if (info is null)
        {
            // The pieces did not hash to the info-hash: somebody lied; start over with everyone.
            foreach (var peer in _peers.Values)
            {
                peer.MetadataPieceAsked = -1;
            }

            RequestMetadata();
            return;
        }

        try
        {
            var meta = TorrentMetainfo.FromInfoDictionary(info, InfoHash);
            Record.Metainfo = TorrentFileFrom(info);
            Record.Name = meta.Name;
            IsPrivate = meta.IsPrivate;
            _meta = meta;
            _metadata = null;
            Log.MetadataFetched(_logger, meta.Name, info.Length);
            Changed?.Invoke(this);
        }
        catch (MetainfoException ex)
        {
            Error = $"The torrent's metadata is not usable: {ex.Message}";
            SetState(TorrentState.Error);
            _ = _stop.CancelAsync();
        }
    }

    private void ServeMetadata(SwarmPeer peer, int piece)
    {
        var info = _meta?.InfoBytes;
        var start = (long)piece * UtMetadataMessage.PieceLength;
        if (info is not { } bytes || start >= bytes.Length)
        {
            peer.Connection.SendExtended(PeerExtensionNames.UtMetadata, new UtMetadataMessage(UtMetadataType.Reject, piece, 0, default).Encode());
            return;
        }

        var length = (int)Math.Min(UtMetadataMessage.PieceLength, bytes.Length - start);
        var data = new UtMetadataMessage(UtMetadataType.Data, piece, bytes.Length, bytes.Slice((int)start, length));
        peer.Connection.SendExtended(PeerExtensionNames.UtMetadata, data.Encode());
    }

    // BEP 11: every minute, the peers we gained and lost since the last message, to each peer that speaks ut_pex.
    private void SendPex()
    {
        var current = _peers.Values.Select(p => p.ListenEndPoint).Where(e => e.Port != 0).Take(PexMessage.MaxPeersPerList).ToHashSet();
        var added = current.Except(_pexSent).Select(e => new PexPeer(e, 0)).ToList();
        var dropped = _pexSent.Except(current).Take(PexMessage.MaxPeersPerList).ToList();
        _pexSent = current;
        if (added.Count == 0 && dropped.Count == 0)
        {
            return;
        }

        var payload = new PexMessage(added, dropped).Encode();
        foreach (var peer in _peers.Values)
        {
            peer.Connection.SendExtended(PeerExtensionNames.UtPex, payload);
        }
    }

    private void AddCandidatesLocked(IEnumerable<IPEndPoint> endPoints)
    {
        var list = endPoints.ToList();
        _ = Task.Run(() => AddCandidates(list));
    }

    // A minimal .torrent around a fetched info dictionary, so the torrent survives a restart without its magnet's peers.
    private static byte[] TorrentFileFrom(ReadOnlyMemory<byte> info)
    {
        var buffer = new ArrayBufferWriter<byte>(info.Length + 16);
        buffer.Write("d4:info"u8);
        buffer.Write(info.Span);
        buffer.Write("e"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
