using HomeTelco.Sip.Location;

namespace HomeTelco.Sip.Tests.Proxy;

/// <summary>A location service that holds what the test puts in it, highest q first, as the real one answers.</summary>
internal sealed class InMemoryLocation : ISipLocation
{
    private readonly Dictionary<string, List<SipBinding>> _bindings = new(StringComparer.Ordinal);

    public void Add(SipBinding binding)
    {
        if (!_bindings.TryGetValue(binding.Number, out var list))
        {
            _bindings[binding.Number] = list = [];
        }

        list.Add(binding);
    }

    public IReadOnlyList<SipBinding> Lookup(string number) =>
        _bindings.TryGetValue(number, out var list) ? [.. list.OrderByDescending(b => b.Q)] : [];
}
