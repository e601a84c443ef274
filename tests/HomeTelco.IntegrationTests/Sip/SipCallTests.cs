using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>
/// Real calls through the real box: baresip softphones register as extensions and call each other in a network
/// namespace of the test's own (traffic never leaves it). Over UDP and TCP, and forked to two phones of one extension.
/// </summary>
public class SipCallTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.Ordinal)
    {
        ["101"] = "alice-Secret-pass",
        ["102"] = "bob-Secret-pass",
    };

    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Call_BetweenTwoExtensions_EstablishedHungUpAndRecorded(string transport)
    {
        await using var ns = await NetNamespace.CreateAsync(TimeSpan.FromMinutes(5));
        await using var box = await NamespacedBox.StartAsync(ns, Extensions);
        await using var alice = await Baresip.StartAsync(ns, "alice", "101", Extensions["101"], box.SipPort, transport, autoAnswer: false);
        await using var bob = await Baresip.StartAsync(ns, "bob", "102", Extensions["102"], box.SipPort, transport, autoAnswer: true);

        alice.Dial($"sip:102@{NetNamespace.Address}:{box.SipPort};transport={transport}");
        await alice.Output.WaitForAsync("Call established", Step, "alice");
        await bob.Output.WaitForAsync("Call established", Step, "bob");

        alice.HangUp();
        await bob.Output.WaitForAsync("session closed", Step, "bob");

        var call = await box.WaitForCallAsync(c => c.TryGetProperty("endedAt", out var ended) && ended.ValueKind != JsonValueKind.Null, Step);
        Assert.Equal("101", call.GetProperty("callerNumber").GetString());
        Assert.Equal("102", call.GetProperty("callee").GetString());
        Assert.Equal(200, call.GetProperty("resultCode").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, call.GetProperty("answeredAt").ValueKind);
        Assert.Equal("Hung up by 101", call.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Call_ExtensionOnTwoPhones_BothRingTheOneThatAnswersGetsItTheOtherIsCancelled()
    {
        await using var ns = await NetNamespace.CreateAsync(TimeSpan.FromMinutes(5));
        await using var box = await NamespacedBox.StartAsync(ns, Extensions);
        await using var alice = await Baresip.StartAsync(ns, "alice", "101", Extensions["101"], box.SipPort, "udp", autoAnswer: false);
        await using var desk = await Baresip.StartAsync(ns, "desk", "102", Extensions["102"], box.SipPort, "udp", autoAnswer: false);
        await using var mobile = await Baresip.StartAsync(ns, "mobile", "102", Extensions["102"], box.SipPort, "tcp", autoAnswer: false);

        alice.Dial($"sip:102@{NetNamespace.Address}:{box.SipPort}");
        await desk.Output.WaitForAsync("Incoming call", Step, "desk");
        await mobile.Output.WaitForAsync("Incoming call", Step, "mobile");

        mobile.Accept();
        await mobile.Output.WaitForAsync("Call established", Step, "mobile");
        await alice.Output.WaitForAsync("Call established", Step, "alice");
        await desk.Output.WaitForAsync("session closed", Step, "desk");
        Assert.Equal(0, desk.Output.Count("Call established"));
        Assert.True(desk.Output.Count("Reason: SIP;cause=200;text=\"Call completed elsewhere\"") > 0, desk.Output.Text);

        alice.HangUp();
        await mobile.Output.WaitForAsync("session closed", Step, "mobile");
        var call = await box.WaitForCallAsync(c => c.GetProperty("endedAt").ValueKind != JsonValueKind.Null, Step);
        Assert.Equal(200, call.GetProperty("resultCode").GetInt32());
        Assert.Single(await box.CallsAsync().ContinueWith(t => t.Result.EnumerateArray().ToList(), TaskScheduler.Default));
    }

    [Fact]
    public async Task Call_CallerHangsUpWhileRinging_PhoneStopsRingingAndTheCallIsRecordedCancelled()
    {
        await using var ns = await NetNamespace.CreateAsync(TimeSpan.FromMinutes(5));
        await using var box = await NamespacedBox.StartAsync(ns, Extensions);
        await using var alice = await Baresip.StartAsync(ns, "alice", "101", Extensions["101"], box.SipPort, "udp", autoAnswer: false);
        await using var bob = await Baresip.StartAsync(ns, "bob", "102", Extensions["102"], box.SipPort, "udp", autoAnswer: false);

        alice.Dial($"sip:102@{NetNamespace.Address}:{box.SipPort}");
        await bob.Output.WaitForAsync("Incoming call", Step, "bob");
        alice.HangUp();

        await bob.Output.WaitForAsync("session closed", Step, "bob");
        var call = await box.WaitForCallAsync(c => c.GetProperty("resultCode").GetInt32() != 0, Step);
        Assert.Equal(487, call.GetProperty("resultCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, call.GetProperty("answeredAt").ValueKind);
        Assert.Equal(0, bob.Output.Count("Call established"));
    }
}
