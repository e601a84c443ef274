using HomeTelco.Sip.Auth;

namespace HomeTelco.Sip.Tests.Auth;

public sealed class DigestHashTests
{
    // RFC 7616 §3.9.1; the password is "Circle of Life" with a lower-case "of" (erratum 4495).
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    [Fact]
    public void Response_Rfc2617Section35Example_MatchesPublishedResponse()
    {
        var ha1 = DigestHash.Ha1(DigestAlgorithm.Md5, "Mufasa", "testrealm@host.com", "Circle Of Life");

        var response = DigestHash.Response(DigestAlgorithm.Md5, ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "GET", "/dir/index.html", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Response_Rfc7616Section391Example_MatchesPublishedResponse(string name, string expected)
    {
        Assert.True(DigestHash.TryParse(name, out var algorithm));
        var ha1 = DigestHash.Ha1(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life");

        var response = DigestHash.Response(algorithm, ha1, Rfc7616Nonce, "GET", "/dir/index.html", "auth", "00000001", Rfc7616Cnonce);

        Assert.Equal(expected, response);
    }

    // A SIP REGISTER: HA2 = H("REGISTER:sip:home.example"). Expected values from Python's hashlib, not from this code.
    [Theory]
    [InlineData("MD5", "e8675bb73535ba6584808bf55e0d42f7", "2981ff64e349cd138cb1806fdd28e960", "00b50e153e1c9a5ad4eae7708c2c79cd")]
    [InlineData("SHA-256", "e1dd8454eb334ef3103bd6aa8551b7f0c533907b20fc6754c0da024e3924791e", "4a0bba78452d02df2879f94e73d33997c97b013e142b36ea1e0f32b13d297342", "0d4091d6b081704270918e44ac8cb57470ec775d2d9169262fc8adccb1157cdd")]
    public void Response_SipRegister_MatchesIndependentComputation(string name, string ha1Expected, string withQop, string withoutQop)
    {
        Assert.True(DigestHash.TryParse(name, out var algorithm));
        var ha1 = DigestHash.Ha1(algorithm, "alice", "home.example", "s3cret pass");

        Assert.Equal(ha1Expected, ha1);
        Assert.Equal(withQop, DigestHash.Response(algorithm, ha1, "n0nce", "REGISTER", "sip:home.example", "auth", "00000001", "c1"));
        Assert.Equal(withoutQop, DigestHash.Response(algorithm, ha1, "n0nce", "REGISTER", "sip:home.example", null, null, null));
    }

    [Theory]
    [InlineData(null, true, false)]
    [InlineData("md5", true, false)]
    [InlineData("SHA-256", true, true)]
    [InlineData("sha-256", true, true)]
    [InlineData("MD5-sess", false, false)]
    [InlineData("SHA-512-256", false, false)]
    public void TryParse_AlgorithmToken_RecognisesOfferedOnly(string? value, bool ok, bool sha256)
    {
        Assert.Equal(ok, DigestHash.TryParse(value, out var algorithm));
        Assert.Equal(sha256, algorithm == DigestAlgorithm.Sha256);
    }

    [Fact]
    public void Response_InputLongerThanTheStackBuffer_SameAsHashingTheWholeText()
    {
        // A long digest-uri (a Request-URI with many parameters) takes the pooled buffer instead of the stack one.
        var uri = "sip:box.example;" + string.Join(';', Enumerable.Range(0, 80).Select(i => $"p{i}=value{i}"));
        Assert.True(uri.Length > 600);
        var ha1 = DigestHash.Ha1(DigestAlgorithm.Sha256, "alice", "home.example", "s3cret");

        var response = DigestHash.Response(DigestAlgorithm.Sha256, ha1, "n0nce", "INVITE", uri, "auth", "00000001", "c1");

        var ha2 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("INVITE:" + uri)));
        var whole = string.Join(':', ha1, "n0nce", "00000001", "c1", "auth", ha2);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(whole))), response);
    }
}
