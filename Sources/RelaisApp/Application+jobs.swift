import Logging

// The jobs that run on a clock while Relais runs, each a `RepeatingService`.

/// Anonymises the members inactive past the retention period, every hour, 500 at a time.
func retentionService(_ services: AppServices, logger: Logger) -> RepeatingService {
    RepeatingService(name: "Retention job", logger: logger, interval: .seconds(3_600)) {
        var total = 0
        while true {
            let count = try await services.retention.run()
            total += count
            if count < 500 { break }
        }
        if total > 0 { logger.info("Retention anonymised inactive members", metadata: ["count": "\(total)"]) }
    }
}

/// Birthdays and completed profiles on the timeline, a minute after start, then every ten minutes.
func lifeEventsService(_ services: AppServices, logger: Logger) -> RepeatingService {
    RepeatingService(name: "Life-event job", logger: logger, firstDelay: .seconds(60), interval: .seconds(600)) {
        let birthdays = try await services.lifeEvents.celebrateBirthdays()
        let profiles = try await services.lifeEvents.recordCompletedProfiles()
        if birthdays + profiles > 0 {
            logger.info("Life events written", metadata: ["birthdays": "\(birthdays)", "completedProfiles": "\(profiles)"])
        }
    }
}

/// Pools frozen at closing and overdue prize claims handed on, every 15 seconds (`ActivationClock`).
func activationClockService(_ services: AppServices, logger: Logger) -> RepeatingService {
    RepeatingService(name: "Activation clock", logger: logger, interval: .seconds(15)) {
        let round = try await services.activationClock.tick()
        if round.settled + round.expiredClaims > 0 {
            logger.info("Activations settled on time", metadata: ["pools": "\(round.settled)", "expiredClaims": "\(round.expiredClaims)"])
        }
    }
}

/// Expired points and lapsed tiers written, three minutes after start, then every hour (`LoyaltyClock`).
func loyaltyClockService(_ services: AppServices, logger: Logger) -> RepeatingService {
    RepeatingService(name: "Loyalty clock", logger: logger, firstDelay: .seconds(180), interval: .seconds(3_600)) {
        let round = try await services.loyaltyClock.tick()
        if round != LoyaltyClock.Round() {
            logger.info("Loyalty clock", metadata: ["expiredMembers": "\(round.expiredMembers)", "expiredPoints": "\(round.expiredPoints)",
                                                    "tierChanges": "\(round.tierChanges)"])
        }
    }
}
