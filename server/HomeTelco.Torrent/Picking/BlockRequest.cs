namespace HomeTelco.Torrent.Picking;

/// <summary>One block of a piece, as a BEP 3 request, piece or cancel message names it.</summary>
/// <param name="Piece">Piece index.</param>
/// <param name="Offset">Byte offset inside the piece (a multiple of the block size).</param>
/// <param name="Length">Bytes: the block size, or less for the last block of the last piece.</param>
internal readonly record struct BlockRequest(int Piece, int Offset, int Length);

/// <summary>A block and the peer it was asked of: a cancel the engine must send, or a request that timed out.</summary>
internal readonly record struct PeerBlock(PickerPeer Peer, BlockRequest Block);
