using HomeTelco.Sip.Engine;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Tests.Transactions;
using HomeTelco.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Engine;

/// Which transaction layer (lane) a message goes to.
public sealed class SipLanesTests
{
    private static SipMessage Request(string callId, string branch = "z9hG4bKlane1") =>
        TransactionFixture.Parse(
            $"OPTIONS sip:2001@box.local SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch={branch}\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:2000@box.local>;tag=a\r\nTo: <sip:2001@box.local>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

    private static SipLanes Create(int count, SipTransactionOptions? options = null)
    {
        var time = new FakeTimeProvider();
        var transport = new FakeSipTransport(time);
        return new SipLanes(count, options ?? new SipTransactionOptions(), share => new SipTransactionLayer(transport, new RecordingTransactionUser(), time, share));
    }

    [Fact]
    public void For_SameCallId_SameLane_WhateverElseDiffers()
    {
        using var lanes = Create(8);
        for (var i = 0; i < 50; i++)
        {
            var callId = $"call-{i}@10.0.0.1";
            var request = Request(callId, "z9hG4bKa" + i);
            var response = SipResponseBuilder.CreateResponse(Request(callId, "z9hG4bKb" + i), 180);
            Assert.Same(lanes.For(request), lanes.For(response));
            Assert.Same(lanes.For(request), lanes.For(Request(callId, "z9hG4bKc" + i)));
        }
    }

    [Fact]
    public void For_ManyCallIds_SpreadOverEveryLane()
    {
        using var lanes = Create(4);
        var used = Enumerable.Range(0, 400).Select(i => lanes.For(Request($"spread-{i}@phone"))).Distinct().Count();
        Assert.Equal(4, used);
    }

    [Fact]
    public void For_NoCallId_FirstLane_OneLane_AlwaysIt()
    {
        using var lanes = Create(4);
        var noCallId = TransactionFixture.Parse(
            "OPTIONS sip:box.local SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKn\r\nMax-Forwards: 70\r\n" +
            "From: <sip:2000@box.local>;tag=a\r\nTo: <sip:box.local>\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        Assert.Same(lanes.For(Request("x@y")), lanes.For(Request("x@y")));
        Assert.NotNull(lanes.For(noCallId));

        using var single = Create(1);
        Assert.Same(single.For(Request("a@b")), single.For(Request("c@d")));
    }

    [Fact]
    public void Constructor_TableBoundsShared_OutBetweenLanes()
    {
        var shares = new List<SipTransactionOptions>();
        var time = new FakeTimeProvider();
        using var lanes = new SipLanes(4, new SipTransactionOptions { MaxTransactions = 4096, MaxCompletedTransactions = 10 }, share =>
        {
            shares.Add(share);
            return new SipTransactionLayer(new FakeSipTransport(time), new RecordingTransactionUser(), time, share);
        });

        Assert.Equal(4, shares.Count);
        Assert.All(shares, s => Assert.Equal(1024, s.MaxTransactions));

        // Never so small a lane is useless: ten completed entries for the box still leave each lane ten.
        Assert.All(shares, s => Assert.Equal(10, s.MaxCompletedTransactions));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(4, 8)]
    [InlineData(16, 8)]
    public void ForCores_TwoPerCoreUpToEight(int cores, int lanes) => Assert.Equal(lanes, SipLanes.ForCores(cores));
}
