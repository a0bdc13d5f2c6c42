return Encryptio.Host.Cli.CommandLine.Run(args);
