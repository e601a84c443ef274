namespace SipLoad.Phones;

/// <summary>What a scenario does with a datagram a phone received; runs on the socket's completion, so it must not block.</summary>
internal interface IPhoneHandler
{
    void OnDatagram(Phone phone, ReadOnlySpan<byte> datagram);
}
