using System.Security.Cryptography;
using HomeTelco.Sip.Auth;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Auth;

public sealed class DigestNoncesTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Check_FreshNonce_IsValidUntilLifetimeThenExpired()
    {
        var nonces = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), _time);
        var nonce = nonces.Create();

        Assert.Equal(DigestNonceStatus.Valid, nonces.Check(nonce).Status);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(DigestNonceStatus.Valid, nonces.Check(nonce).Status);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(DigestNonceStatus.Expired, nonces.Check(nonce).Status);
    }

    [Fact]
    public void Check_NonceFromFarFuture_IsExpiredNotValid()
    {
        // Issued by a clock ten minutes ahead, checked after the clock was stepped back.
        var ahead = new FakeTimeProvider(_time.GetUtcNow() + TimeSpan.FromMinutes(10));
        var nonce = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), ahead).Create();
        var nonces = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), _time);

        Assert.Equal(DigestNonceStatus.Expired, nonces.Check(nonce).Status);
    }

    [Fact]
    public void Create_TwoNonces_AreDistinctUrlSafeAndOfFixedLength()
    {
        var nonces = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), _time);

        var a = nonces.Create();
        var b = nonces.Create();

        Assert.NotEqual(a, b);
        Assert.Equal(DigestNonces.EncodedLength, a.Length);
        Assert.All(a, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
    }

    [Fact]
    public void Check_EveryByteFlipped_IsInvalid()
    {
        var nonces = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), _time);
        var raw = System.Buffers.Text.Base64Url.DecodeFromChars(nonces.Create());

        for (var i = 0; i < raw.Length; i++)
        {
            var tampered = (byte[])raw.Clone();
            tampered[i] ^= 0x01;
            Assert.Equal(DigestNonceStatus.Invalid, nonces.Check(System.Buffers.Text.Base64Url.EncodeToString(tampered)).Status);
        }
    }

    [Fact]
    public void Check_NonceFromAnotherSecret_IsInvalid()
    {
        var ours = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), _time);
        var theirs = new DigestNonces(RandomNumberGenerator.GetBytes(32), "home.example", TimeSpan.FromMinutes(5), _time);

        Assert.Equal(DigestNonceStatus.Invalid, ours.Check(theirs.Create()).Status);
    }

    [Fact]
    public void Check_NonceForAnotherRealm_IsInvalid()
    {
        var ours = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), _time);
        var other = new DigestNonces(Secret, "other.example", TimeSpan.FromMinutes(5), _time);

        Assert.Equal(DigestNonceStatus.Invalid, ours.Check(other.Create()).Status);
        Assert.NotEqual(ours.Opaque, other.Opaque);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dcd98b7102dd2f0e8b11d0f600bfb0c093")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    public void Check_Garbage_IsInvalid(string nonce)
    {
        var nonces = new DigestNonces(Secret, "home.example", TimeSpan.FromMinutes(5), _time);

        Assert.Equal(DigestNonceStatus.Invalid, nonces.Check(nonce).Status);
    }

    [Fact]
    public void Constructor_ShortSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new DigestNonces(new byte[16], "home.example", TimeSpan.FromMinutes(5), _time));
    }
}
