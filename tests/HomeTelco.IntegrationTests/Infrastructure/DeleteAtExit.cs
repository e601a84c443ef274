namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>Removes a folder shared by the whole test run (a published box, an install bundle) when the run ends.</summary>
public static class DeleteAtExit
{
    public static void Register(string folder) => AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A process still exiting holds a file; the system's temp cleaning takes it in time.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
