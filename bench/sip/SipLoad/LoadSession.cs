using System.Diagnostics;
using SipLoad.Measure;
using SipLoad.Phones;
using SipLoad.Scenarios;

namespace SipLoad;

/// <summary>
/// One run against one target: opens the phones' sockets, registers every phone once (which also gives each a
/// nonce), runs the rate search of the chosen mode, unregisters every phone and returns the table row. Phones
/// unregister as real ones do when switched off: the next run's phones have new ports, so a binding left behind would be
/// a dead contact that every call to that extension forks to, and the next mode would measure retransmissions to it.
/// </summary>
internal static class LoadSession
{
    private const int RegistrationExpiresSeconds = 3600;
    private const int WarmUpConcurrency = 32;

    public static string Run(LoadOptions options, TextWriter log)
    {
        var phones = new List<Phone>(options.Phones);
        using var stop = new CancellationTokenSource();
        var loops = new List<Task>(options.Phones);
        try
        {
            for (var i = 0; i < options.Phones; i++)
            {
                var number = PhoneBook.Number(options.FirstNumber, i);
                phones.Add(new Phone(i, number, PhoneBook.Password(options.PasswordPrefix, number), options.PhoneAddress(i), options.Target));
            }

            var context = new ScenarioContext(options.Target.Address.ToString(), options.Target.Port, options.Timeout);
            var registrations = new RegisterScenario(context, phones, RegistrationExpiresSeconds, options.Timeout);
            foreach (var phone in phones)
            {
                phone.Attach(registrations);
                loops.Add(Task.Run(() => phone.ReceiveLoopAsync(stop.Token)));
            }

            RegisterEveryone(registrations, phones.Count, options, log);

            IScenario scenario = registrations;
            if (options.Mode == "call")
            {
                var calls = new CallScenario(context, phones, options.Timeout);
                foreach (var phone in phones)
                {
                    phone.Attach(calls);
                }

                scenario = calls;
            }

            var targetCpu = new ProcessCpu(options.TargetPids, options.ClockTicks);
            LogIdleCpu(targetCpu, options, log);
            var search = new RateSearch(new LoadRunner(scenario, targetCpu, options.Timeout), options, log);
            var (best, measured) = search.Run();
            foreach (var phone in phones)
            {
                phone.Attach(registrations);
            }

            UnregisterEveryone(registrations, phones.Count, options, log);
            return ResultTable.Row(options, best, measured, targetCpu.IsEmpty);
        }
        finally
        {
            stop.Cancel();
            foreach (var phone in phones)
            {
                phone.Dispose();
            }

            Task.WaitAll([.. loops], TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>
    /// Registers every phone once and returns: the registrations stay (Expires 3600) for whoever measures the target, so
    /// run.sh gives these phones numbers of their own, which the load phones never call.
    /// </summary>
    public static void RegisterOnly(LoadOptions options, TextWriter log)
    {
        var phones = new List<Phone>(options.Phones);
        using var stop = new CancellationTokenSource();
        var loops = new List<Task>(options.Phones);
        try
        {
            for (var i = 0; i < options.Phones; i++)
            {
                var number = PhoneBook.Number(options.FirstNumber, i);
                phones.Add(new Phone(i, number, PhoneBook.Password(options.PasswordPrefix, number), options.PhoneAddress(i), options.Target));
            }

            var context = new ScenarioContext(options.Target.Address.ToString(), options.Target.Port, options.Timeout);
            var registrations = new RegisterScenario(context, phones, RegistrationExpiresSeconds, options.Timeout);
            foreach (var phone in phones)
            {
                phone.Attach(registrations);
                loops.Add(Task.Run(() => phone.ReceiveLoopAsync(stop.Token)));
            }

            RegisterEveryone(registrations, phones.Count, options, log);
        }
        finally
        {
            stop.Cancel();
            foreach (var phone in phones)
            {
                phone.Dispose();
            }

            Task.WaitAll([.. loops], TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>
    /// The target's CPU use with every phone registered and no load: what it spends on timers and housekeeping
    /// whatever the rate, which weighs on the CPU per operation at low rates.
    /// </summary>
    private static void LogIdleCpu(ProcessCpu targetCpu, LoadOptions options, TextWriter log)
    {
        if (targetCpu.IsEmpty)
        {
            return;
        }

        var window = TimeSpan.FromSeconds(3);
        var before = targetCpu.Seconds();
        Thread.Sleep(window);
        var used = targetCpu.Seconds() - before;
        log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"[{options.Label} {options.Mode}] idle CPU with {options.Phones} phones registered: {100 * used / window.TotalSeconds:0.0} % of a core"));
    }

    /// <summary>Registers each phone once, a few at a time; every phone must end up registered.</summary>
    private static void RegisterEveryone(RegisterScenario registrations, int phones, LoadOptions options, TextWriter log)
    {
        RegisterEachOnce(registrations, phones, options);
        var counters = registrations.Counters;
        log.WriteLine($"[{options.Label} {options.Mode}] registered {registrations.Registered} of {phones} phones" +
            (counters.FirstFailure is null ? "" : $" (first failure: {counters.FirstFailure})"));
        if (registrations.Registered != phones)
        {
            throw new LoadException($"only {registrations.Registered} of {phones} phones could register with {options.Target}: {counters.FirstFailure ?? "no answer"}");
        }
    }

    /// <summary>REGISTER with Expires 0 from every phone; a phone that fails is logged, not fatal (the row is measured).</summary>
    private static void UnregisterEveryone(RegisterScenario registrations, int phones, LoadOptions options, TextWriter log)
    {
        registrations.ExpiresSeconds = 0;
        registrations.Counters = new OpCounters(options.Timeout);
        RegisterEachOnce(registrations, phones, options);
        var counters = registrations.Counters;
        log.WriteLine($"[{options.Label} {options.Mode}] unregistered {counters.Completed} of {phones} phones" +
            (counters.FirstFailure is null ? "" : $" (first failure: {counters.FirstFailure})"));
    }

    private static void RegisterEachOnce(RegisterScenario registrations, int phones, LoadOptions options)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((10 + (phones * 0.05)) * Stopwatch.Frequency);
        var runner = new LoadRunner(registrations, new ProcessCpu([], options.ClockTicks), options.Timeout);
        for (var i = 0; i < phones; i++)
        {
            while (registrations.InFlight >= WarmUpConcurrency && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.Sleep(1);
                registrations.Sweep(Stopwatch.GetTimestamp());
            }

            // Sessions go back to the end of the idle queue, so N starts register N different phones.
            registrations.TryStart(Stopwatch.GetTimestamp());
        }

        runner.Drain();
    }
}
