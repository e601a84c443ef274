using System.Net;
using System.Net.Sockets;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Encryption;
using HomeTelco.Torrent.Peers.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Tests.Peers;

/// <summary>Our dialer against our listener over loopback TCP, plaintext and MSE, and hostile inbound bytes.</summary>
public sealed class ListenerAndMseTests
{
    private static readonly InfoHash Known = InfoHash.FromBytes(Enumerable.Range(0, 20).Select(i => (byte)(i * 7)).ToArray());
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static TheoryData<string, string, bool> Modes => new()
    {
        { "Allow", "Allow", false },
        { "Allow", "Require", true },
        { "Require", "Require", true },
        { "Prefer", "Prefer", true },
        { "Prefer", "Allow", false }, // MSE offered both, the listener picks plaintext
        { "Require", "Prefer", true },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Dialer_AndListener_Handshake_AndCarryMessages(string listenerModeName, string dialerModeName, bool encrypted)
    {
        var listenerMode = Enum.Parse<EncryptionMode>(listenerModeName);
        var dialerMode = Enum.Parse<EncryptionMode>(dialerModeName);
        var acceptor = new Acceptor();
        await using var listener = Listen(acceptor, listenerMode);

        var link = await PeerDialer.DialAsync(listener.LocalEndPoint, Ours(), Options(dialerMode), TimeProvider.System, CancellationToken.None);
        await using var _ = link;
        var inbound = await acceptor.Links.Task.WaitAsync(Deadline);
        await using var __ = inbound;

        Assert.Equal(encrypted, link.Encrypted);
        Assert.Equal(encrypted, inbound.Encrypted);
        Assert.Equal(Known, link.RemoteHandshake.InfoHash);
        Assert.True(link.FastEnabled && link.ExtensionsEnabled);

        // Past the handshakes the streams carry bytes both ways, through RC4 when selected.
        var hello = "0000000102"u8.ToArray();
        await link.Stream.WriteAsync(hello);
        var got = new byte[hello.Length];
        await inbound.Stream.ReadExactlyAsync(got).AsTask().WaitAsync(Deadline);
        Assert.Equal(hello, got);
        await inbound.Stream.WriteAsync(hello.Reverse().ToArray());
        await link.Stream.ReadExactlyAsync(got).AsTask().WaitAsync(Deadline);
        Assert.Equal(hello.Reverse().ToArray(), got);
    }

    [Fact]
    public async Task RequireListener_RefusesPlaintextPeers()
    {
        await using var listener = Listen(new Acceptor(), EncryptionMode.Require);

        var refused = await Assert.ThrowsAsync<PeerHandshakeException>(() =>
            PeerDialer.DialAsync(listener.LocalEndPoint, Ours(), Options(EncryptionMode.Allow), TimeProvider.System, CancellationToken.None));

        Assert.Contains("handshake failed", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Allow")]
    [InlineData("Require")]
    public async Task Listener_RefusesTorrentsItDoesNotHave(string modeName)
    {
        var mode = Enum.Parse<EncryptionMode>(modeName);
        var acceptor = new Acceptor();
        await using var listener = Listen(acceptor, EncryptionMode.Prefer);
        var stranger = new PeerHandshake(0, InfoHash.FromBytes(new byte[20]), PeerIdBytes.FromSpan(PeerId.Create()));

        await Assert.ThrowsAsync<PeerHandshakeException>(() =>
            PeerDialer.DialAsync(listener.LocalEndPoint, stranger, Options(mode), TimeProvider.System, CancellationToken.None));

        Assert.False(acceptor.Links.Task.IsCompleted);
    }

    [Theory]
    [InlineData("474554202f20485454502f312e310d0a486f73743a20780d0a0d0a")] // an HTTP request
    [InlineData("13426974546f7272656e742070726f746f636f6c")] // the protocol string, then silence... then garbage below
    public async Task Listener_GarbageInbound_IsClosedWithoutHandingOver(string hex)
    {
        var acceptor = new Acceptor();
        await using var listener = Listen(acceptor, EncryptionMode.Prefer);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(listener.LocalEndPoint);

        // Enough bytes to pass any fixed-size read, all of them wrong: MSE finds no req1, plaintext no valid handshake.
        await socket.SendAsync(Convert.FromHexString(hex).Concat(new byte[1200]).ToArray());

        var buffer = new byte[2048];
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            while (await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, deadline.Token) > 0)
            {
                // An MSE responder sends its key and padding first; read until the listener hangs up.
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closing with our unread bytes in its buffer makes the kernel reset: a hang-up all the same.
        }

        Assert.False(acceptor.Links.Task.IsCompleted);
    }

    [Fact]
    public async Task Dialer_PeerThatNeverAnswers_TimesOutCleanly()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var options = Options(EncryptionMode.Allow) with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAsync<PeerHandshakeException>(() =>
            PeerDialer.DialAsync((IPEndPoint)silent.LocalEndpoint, Ours(), options, TimeProvider.System, CancellationToken.None));

        Assert.Contains("handshake timed out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MseKeys_DegeneratePublicKeys_AreRefused()
    {
        var key = MseKeys.CreatePrivateKey();
        var secret = new byte[MseKeys.KeyLength];
        var one = new byte[MseKeys.KeyLength];
        one[^1] = 1;
        var ours = new byte[MseKeys.KeyLength];
        MseKeys.PublicKey(key, ours);

        Assert.False(MseKeys.TrySharedSecret(key, new byte[MseKeys.KeyLength], secret));
        Assert.False(MseKeys.TrySharedSecret(key, one, secret));
        Assert.False(MseKeys.TrySharedSecret(key, Enumerable.Repeat((byte)0xFF, MseKeys.KeyLength).ToArray(), secret));
        Assert.True(MseKeys.TrySharedSecret(key, ours, secret));
    }

    private static PeerListener Listen(Acceptor acceptor, EncryptionMode mode)
    {
        var listener = new PeerListener(new IPEndPoint(IPAddress.Loopback, 0), acceptor, Options(mode), TimeProvider.System, NullLogger.Instance);
        listener.Start();
        return listener;
    }

    private static PeerConnectionOptions Options(EncryptionMode mode) =>
        PeerConnectionOptions.Default with { Encryption = mode, HandshakeTimeout = TimeSpan.FromSeconds(5) };

    private static PeerHandshake Ours() =>
        new(PeerHandshake.ExtensionProtocolBit | PeerHandshake.FastExtensionBit, Known, PeerIdBytes.FromSpan(PeerId.Create()));

    private sealed class Acceptor : IPeerAcceptor
    {
        public TaskCompletionSource<PeerLink> Links { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<InfoHash> Torrents => [InfoHash.FromBytes(new byte[20].Select((_, i) => (byte)i).ToArray()), Known];

        public PeerHandshake? Answer(PeerHandshake theirs) => theirs.InfoHash == Known ? Ours() : null;

        public void Accepted(PeerLink link) => Links.TrySetResult(link);
    }
}
