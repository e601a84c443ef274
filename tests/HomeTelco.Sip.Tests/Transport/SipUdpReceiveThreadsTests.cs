using System.Net;
using System.Net.Sockets;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Sip.Tests.Transport;

/// Several receive threads on one UDP socket, and the sends they hold back until a message's handling is over.
public sealed class SipUdpReceiveThreadsTests
{
    [Fact]
    public async Task ThreeReceiveThreads_EveryDatagramHandledOnceAndAnswered()
    {
        var udp = SipUdpTransport.Bind(new SipTransportOptions { ListenAddress = IPAddress.Loopback, Port = 0 }, new SipParserLimits(), NullLogger.Instance);
        var inbound = new RecordingInbound { AnswerThrough = new SipSender(udp, null, null) };
        using var stop = new CancellationTokenSource();
        var running = udp.RunAsync(inbound, 3, stop.Token);
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            // Sent in small bursts, each read back before the next: the phone's own socket buffer holds only so many.
            const int Bursts = 30;
            const int PerBurst = 10;
            const int Count = Bursts * PerBurst;
            var answered = new HashSet<string>(StringComparer.Ordinal);
            for (var burst = 0; burst < Bursts; burst++)
            {
                for (var i = 0; i < PerBurst; i++)
                {
                    await phone.SendAsync(SipText.Bytes(SipText.Options("UDP", $"z9hG4bK-threads-{burst}-{i}")), udp.LocalEndPoint);
                }

                while (answered.Count < (burst + 1) * PerBurst)
                {
                    var answer = SipText.Parse(System.Text.Encoding.UTF8.GetString((await phone.ReceiveAsync(Wait.Soon())).Buffer));
                    Assert.Equal(200, answer.StatusCode);
                    Assert.True(answered.Add(answer.GetTopVia().Value!.Branch!), "one answer per request");
                }
            }

            var handled = 0;
            while (inbound.TryNext(out _))
            {
                handled++;
            }

            Assert.Equal(Count, handled);
            Assert.Equal(Count, udp.Received);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            await udp.DisposeAsync();
        }
    }

    [Fact]
    public async Task IdleThreads_WakeAndStopWhenCancelled_WithoutAReceiveTimeout()
    {
        var udp = SipUdpTransport.Bind(new SipTransportOptions { ListenAddress = IPAddress.Loopback, Port = 0 }, new SipParserLimits(), NullLogger.Instance);
        var inbound = new RecordingInbound();
        using var stop = new CancellationTokenSource();
        var running = udp.RunAsync(inbound, 3, stop.Token);
        try
        {
            // Every thread is blocked in its receive by now, with nothing to wake it but the stop.
            await Task.Delay(300);
            Assert.False(running.IsCompleted);

            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(0, udp.Received);
            Assert.False(inbound.TryNext(out _));
        }
        finally
        {
            await stop.CancelAsync();
            await udp.DisposeAsync();
        }
    }

    [Fact]
    public async Task SendWhileHandling_GoesOutOnlyOnceTheHandlingIsOver()
    {
        var udp = SipUdpTransport.Bind(new SipTransportOptions { ListenAddress = IPAddress.Loopback, Port = 0 }, new SipParserLimits(), NullLogger.Instance);
        var inbound = new AnswerThenWait(new SipSender(udp, null, null));
        using var stop = new CancellationTokenSource();
        var running = udp.RunAsync(inbound, stop.Token);
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        try
        {
            await phone.SendAsync(SipText.Bytes(SipText.Options("UDP", "z9hG4bK-held")), udp.LocalEndPoint);
            await inbound.Answered.Task.WaitAsync(TimeSpan.FromSeconds(10));

            // The handler has sent its answer and is still running: nothing may have left yet.
            var early = phone.ReceiveAsync();
            Assert.NotSame(early, await Task.WhenAny(early, Task.Delay(300)));

            inbound.Release.SetResult();
            var answer = SipText.Parse(System.Text.Encoding.UTF8.GetString((await early.WaitAsync(TimeSpan.FromSeconds(10))).Buffer));
            Assert.Equal(200, answer.StatusCode);
        }
        finally
        {
            inbound.Release.TrySetResult();
            await stop.CancelAsync();
            await running;
            await udp.DisposeAsync();
        }
    }

    /// Answers a request through the sender, then blocks the receive thread until the test lets it go.
    private sealed class AnswerThenWait(SipSender sender) : ISipInbound
    {
        public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask OnMessageAsync(SipParseResult result, SipEndPoint source, CancellationToken cancellationToken)
        {
            sender.Send(SipResponseBuilder.CreateResponse(result.Message!, 200), source);
            Answered.SetResult();

            // The receive loop waits for this before it reads again, as it does for any handler that does not finish at once.
            await Release.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
    }
}
