namespace HomeTelco.Sip.Tests.Conformance;

// Loads the RFC 4475 messages copied next to the test assembly.
internal static class TortureMessages
{
    public static byte[] Load(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Conformance", "rfc4475", name + ".dat"));

    public static IEnumerable<string> AllNames() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "rfc4475"), "*.dat")
            .Select(Path.GetFileNameWithoutExtension)
            .Select(n => n!)
            .Order(StringComparer.Ordinal);
}
