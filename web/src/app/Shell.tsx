import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { BarChart3, Building2, CalendarCheck, FileUp, Handshake, Home, Keyboard, Menu, Package, Settings, Users, UsersRound, Workflow } from 'lucide-react';
import { lazy, Suspense, useCallback, useMemo, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate, useNavigation } from 'react-router';
import { useHasRole, useMe, useSession } from '@/auth/AuthContext';
import type { Role } from '@/auth/session';
import { changeLanguage, LANGUAGES } from '@/i18n';
import { Dialog } from '@/ui';
import styles from './Shell.module.css';
import { useSearchShortcut, useShortcuts, type Shortcut } from './shortcuts';

const GlobalSearch = lazy(() => import('@/features/search/GlobalSearch').then((m) => ({ default: m.GlobalSearch })));
const NotificationBell = lazy(() => import('@/features/notifications/NotificationBell').then((m) => ({ default: m.NotificationBell })));
const LiveUpdates = lazy(() => import('@/features/notifications/LiveUpdates').then((m) => ({ default: m.LiveUpdates })));

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  roles?: Role[];
  end?: boolean;
}

const NAV: NavItem[] = [
  { to: '/', label: 'nav.home', icon: Home, end: true },
  { to: '/contacts', label: 'nav.contacts', icon: Users },
  { to: '/companies', label: 'nav.companies', icon: Building2 },
  { to: '/deals', label: 'nav.deals', icon: Handshake },
  { to: '/products', label: 'nav.products', icon: Package },
  { to: '/tasks', label: 'nav.tasks', icon: CalendarCheck, end: true },
  { to: '/tasks/team', label: 'nav.team', icon: UsersRound, roles: ['manager', 'admin'] },
  { to: '/analytics', label: 'nav.analytics', icon: BarChart3, roles: ['manager', 'admin'] },
  { to: '/automation', label: 'nav.automation', icon: Workflow, roles: ['manager', 'admin'] },
  { to: '/imports', label: 'nav.imports', icon: FileUp },
  { to: '/settings', label: 'nav.settings', icon: Settings },
];

/** The frame of every page: navigation, search, notifications, the person's menu, and the page itself. */
export function Shell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const isManager = useHasRole('manager', 'admin');
  const isAdmin = useHasRole('admin');

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      { keys: '/', run: () => setSearchOpen(true) },
      { keys: '?', run: () => setHelpOpen(true) },
      { keys: 'g h', run: () => navigate('/') },
      { keys: 'g c', run: () => navigate('/contacts') },
      { keys: 'g o', run: () => navigate('/companies') },
      { keys: 'g d', run: () => navigate('/deals') },
      { keys: 'g t', run: () => navigate('/tasks') },
      { keys: 'g n', run: () => navigate('/notifications') },
    ],
    [navigate],
  );
  useShortcuts(shortcuts);
  const toggleSearch = useCallback(() => setSearchOpen((open) => !open), []);
  useSearchShortcut(toggleSearch);

  const items = NAV.filter((item) => !item.roles || (item.roles.includes('admin') && isAdmin) || (item.roles.includes('manager') && isManager));

  return (
    <div className={styles.shell} data-menu-open={menuOpen || undefined}>
      <a className="skip-link" href="#main">{t('nav.skipToContent')}</a>
      <aside className={styles.sidebar} aria-label={t('nav.main')}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">P</span> Pulse
        </div>
        <nav>
          <ul className={styles.nav}>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className={({ isActive }) => (isActive ? styles.active : undefined)}
                  onClick={() => setMenuOpen(false)}>
                  <item.icon size={17} aria-hidden />
                  <span>{t(item.label)}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className={styles.helpButton} onClick={() => setHelpOpen(true)}>
          <Keyboard size={16} aria-hidden /> {t('shortcuts.open')}
        </button>
      </aside>
      {menuOpen && <div className={styles.scrim} onClick={() => setMenuOpen(false)} aria-hidden="true" />}
      <div className={styles.main}>
        <header className={styles.topbar}>
          <button type="button" className={styles.menuButton} aria-label={t('nav.openMenu')} aria-expanded={menuOpen}
            onClick={() => setMenuOpen((open) => !open)}>
            <Menu size={20} aria-hidden />
          </button>
          <Suspense fallback={<div className={styles.searchPlaceholder} />}>
            <GlobalSearch open={searchOpen} onOpenChange={setSearchOpen} />
          </Suspense>
          <div className={styles.topActions}>
            <Suspense fallback={null}>
              <NotificationBell />
              <LiveUpdates />
            </Suspense>
            <UserMenu />
          </div>
        </header>
        {navigation.state === 'loading' && <div className={styles.progress} role="progressbar" aria-label={t('app.loading')} />}
        <main id="main" className={styles.content} tabIndex={-1} key={location.pathname === '/' ? 'home' : undefined}>
          <Outlet />
        </main>
      </div>
      <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
}

function UserMenu() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const session = useSession();
  const initials = me.name.split(/\s+/).map((part) => part[0]).join('').slice(0, 2).toUpperCase();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className={styles.userButton}>
        <span className={styles.avatar} aria-hidden="true">{initials}</span>
        <span className={styles.userName}>{me.name}</span>
        <span className="visually-hidden">{t('user.menu')}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className={styles.menu} align="end" sideOffset={6}>
          <div className={styles.menuHeader}>
            <strong>{me.name}</strong>
            <span className="muted">{me.roles.map((role) => t(`role.${role}`)).join(', ')}{me.team ? ` · ${me.team}` : ''}</span>
          </div>
          <DropdownMenu.Separator className={styles.separator} />
          <DropdownMenu.Label className={styles.menuLabel}>{t('language.label')}</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={i18n.language} onValueChange={(language) => void changeLanguage(language)}>
            {LANGUAGES.map((language) => (
              <DropdownMenu.RadioItem key={language} value={language} className={styles.menuItem} lang={language}>
                {i18n.getResource(language, 'common', 'language.name') ?? language}
                <DropdownMenu.ItemIndicator> ✓</DropdownMenu.ItemIndicator>
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
          <DropdownMenu.Separator className={styles.separator} />
          <DropdownMenu.Item className={styles.menuItem} onSelect={() => void session.signOut()}>
            {t('user.signOut')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function ShortcutsHelp({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { t } = useTranslation();
  const rows: [string, string][] = [
    ['Ctrl K, /', 'shortcuts.search'],
    ['g h', 'shortcuts.goHome'],
    ['g c', 'shortcuts.goContacts'],
    ['g o', 'shortcuts.goCompanies'],
    ['g d', 'shortcuts.goDeals'],
    ['g t', 'shortcuts.goTasks'],
    ['g n', 'shortcuts.goNotifications'],
    ['?', 'shortcuts.help'],
  ];
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={t('shortcuts.title')}>
      <table className={styles.shortcuts}>
        <tbody>
          {rows.map(([keys, label]) => (
            <tr key={keys}>
              <td><kbd>{keys}</kbd></td>
              <td>{t(label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
