import SQLKit
import SQLiteKit

/// SQLite's dialect with plain `?` placeholders.
///
/// SQLiteKit writes each placeholder as `?1`, `?2`…, a string built for every bound value of every
/// statement; entries and points movements bind hundreds per group, inside the one writer's
/// transaction. SQLite numbers plain `?` placeholders in the order they appear, which is the
/// order SQLKit binds the values in, so the statements mean the same. Everything else is
/// SQLiteKit's dialect.
struct SQLitePlaceholders: SQLDialect {
    private static let base = SQLiteDialect()
    private static let placeholder = SQLRaw("?")

    func bindPlaceholder(at position: Int) -> any SQLExpression { Self.placeholder }

    var name: String { Self.base.name }
    var identifierQuote: any SQLExpression { Self.base.identifierQuote }
    var literalStringQuote: any SQLExpression { Self.base.literalStringQuote }
    var supportsAutoIncrement: Bool { Self.base.supportsAutoIncrement }
    var autoIncrementClause: any SQLExpression { Self.base.autoIncrementClause }
    var autoIncrementFunction: (any SQLExpression)? { Self.base.autoIncrementFunction }
    func literalBoolean(_ value: Bool) -> any SQLExpression { Self.base.literalBoolean(value) }
    var literalDefault: any SQLExpression { Self.base.literalDefault }
    var supportsIfExists: Bool { Self.base.supportsIfExists }
    var enumSyntax: SQLEnumSyntax { Self.base.enumSyntax }
    var supportsDropBehavior: Bool { Self.base.supportsDropBehavior }
    var supportsReturning: Bool { Self.base.supportsReturning }
    var triggerSyntax: SQLTriggerSyntax { Self.base.triggerSyntax }
    var alterTableSyntax: SQLAlterTableSyntax { Self.base.alterTableSyntax }
    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? { Self.base.customDataType(for: dataType) }
    func normalizeSQLConstraint(identifier: any SQLExpression) -> any SQLExpression { Self.base.normalizeSQLConstraint(identifier: identifier) }
    var upsertSyntax: SQLUpsertSyntax { Self.base.upsertSyntax }
    var unionFeatures: SQLUnionFeatures { Self.base.unionFeatures }
    var sharedSelectLockExpression: (any SQLExpression)? { Self.base.sharedSelectLockExpression }
    var exclusiveSelectLockExpression: (any SQLExpression)? { Self.base.exclusiveSelectLockExpression }
    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        Self.base.nestedSubpathExpression(in: column, for: path)
    }
}
