using System.Text;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

public sealed class SipSendQueueTests
{
    [Fact]
    public void TryDequeue_SeveralQueued_ComeOutInOrder()
    {
        var queue = new SipSendQueue(maxMessages: 8, maxBytes: 1024);
        foreach (var text in new[] { "one", "two", "three" })
        {
            Assert.True(queue.TryEnqueue(Item(text)));
        }

        var order = new List<string>();
        while (queue.TryDequeue(out var item))
        {
            order.Add(Encoding.ASCII.GetString(item.Bytes.Span));
        }

        Assert.Equal(["one", "two", "three"], order);
        Assert.Equal(0, queue.QueuedBytes);
    }

    [Fact]
    public void TryEnqueue_CountLimitReached_RefusedUntilOneIsTaken()
    {
        var queue = new SipSendQueue(maxMessages: 2, maxBytes: 1024);
        Assert.True(queue.TryEnqueue(Item("a")));
        Assert.True(queue.TryEnqueue(Item("b")));

        Assert.False(queue.TryEnqueue(Item("c")));

        Assert.True(queue.TryDequeue(out _));
        Assert.True(queue.TryEnqueue(Item("c")));
    }

    [Fact]
    public void TryEnqueue_ByteLimitReached_RefusedAndCountsOnlyWhatWasQueued()
    {
        var queue = new SipSendQueue(maxMessages: 100, maxBytes: 10);
        Assert.True(queue.TryEnqueue(Item("123456")));

        Assert.False(queue.TryEnqueue(Item("12345")));
        Assert.Equal(6, queue.QueuedBytes);
        Assert.True(queue.TryEnqueue(Item("1234")));
        Assert.Equal(10, queue.QueuedBytes);
    }

    [Fact]
    public async Task Complete_QueuedItemsStillDrain_NewOnesRefused()
    {
        var queue = new SipSendQueue(maxMessages: 4, maxBytes: 1024);
        Assert.True(queue.TryEnqueue(Item("kept")));

        queue.Complete();

        Assert.False(queue.TryEnqueue(Item("late")));
        Assert.True(await queue.WaitAsync(CancellationToken.None));
        Assert.True(queue.TryDequeue(out var item));
        Assert.Equal("kept", Encoding.ASCII.GetString(item.Bytes.Span));
        Assert.False(await queue.WaitAsync(CancellationToken.None));
    }

    private static SipOutbound Item(string text) => SipOutbound.Static(Encoding.ASCII.GetBytes(text));
}
