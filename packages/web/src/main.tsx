import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/i18n';
import './app/global.css';

createRoot(document.getElementById('root')!).render(<App />);
